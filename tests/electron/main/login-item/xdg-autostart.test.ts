import { describe, expect, it } from 'vitest';
import { autostartPath, desktopEntry, quoteExecArgument } from '../../../../electron/main/login-item/xdg-autostart.js';

describe('XDG autostart entry', () => {
  it('lives in $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/me')).toBe('/cfg/autostart/portcullis.desktop');
    expect(autostartPath({}, '/home/me')).toBe('/home/me/.config/autostart/portcullis.desktop');
    // The spec ignores a relative XDG_CONFIG_HOME.
    expect(autostartPath({ XDG_CONFIG_HOME: 'rel' }, '/home/me')).toBe('/home/me/.config/autostart/portcullis.desktop');
  });

  it('quotes Exec arguments as the Desktop Entry spec asks', () => {
    expect(quoteExecArgument('/usr/bin/portcullis')).toBe('/usr/bin/portcullis');
    expect(quoteExecArgument('/opt/My Apps/portcullis')).toBe('"/opt/My Apps/portcullis"');
    expect(quoteExecArgument('/opt/100%/p')).toBe('/opt/100%%/p');
    expect(quoteExecArgument('/opt/$HOME/"x"')).toBe('"/opt/\\\\$HOME/\\\\"x\\\\""');
    expect(quoteExecArgument('')).toBe('""');
  });

  it('is a complete application entry', () => {
    const entry = desktopEntry(['/usr/bin/portcullis', '--hidden']);
    expect(entry.split('\n')).toEqual(expect.arrayContaining(['[Desktop Entry]', 'Type=Application', 'Name=Portcullis', 'Exec=/usr/bin/portcullis --hidden', 'Terminal=false']));
    expect(entry.endsWith('\n')).toBe(true);
  });
});
