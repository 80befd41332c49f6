// Bringing a highlighted rule into view without moving the rest of the window.
/**
 * Centres `element` in its nearest scrolling ancestor, and scrolls nothing else.
 * (`scrollIntoView` also scrolls every ancestor that clips, even `overflow: hidden` ones,
 * which pushes the whole view up under the window's edge.)
 */
export function centreInScroller(element: HTMLElement): void {
  let scroller = element.parentElement;
  while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
  if (!scroller) return;
  const box = element.getBoundingClientRect();
  const frame = scroller.getBoundingClientRect();
  const offset = box.top - frame.top - (frame.height - Math.min(box.height, frame.height)) / 2;
  scroller.scrollTop += offset;
}
