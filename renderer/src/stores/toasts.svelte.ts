// Short messages in the corner: saved, copied, failed. Errors stay until dismissed.
import { describeError } from '../lib/api/api-error.js';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

class ToastStore {
  list = $state<Toast[]>([]);
  private next = 1;

  show(kind: Toast['kind'], text: string, ms = kind === 'error' ? 8000 : 3500): void {
    const id = this.next++;
    this.list.push({ id, kind, text });
    if (ms > 0) setTimeout(() => this.dismiss(id), ms);
  }

  success(text: string): void {
    this.show('success', text);
  }

  error(error: unknown, prefix?: string): void {
    const text = describeError(error);
    this.show('error', prefix ? `${prefix}: ${text}` : text);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((t) => t.id !== id);
  }
}

export const toasts = new ToastStore();
