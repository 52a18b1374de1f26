import type { ComponentChildren } from 'preact';

export interface NoticeRegionProps {
  /** The notices to show now; the region itself stays in the page so screen readers hear what enters it. */
  children?: ComponentChildren;
}

/**
 * Where notices appear: fixed to the bottom of the viewport, above every sticky header, so that
 * "Deleted … Undo" is in view and pressable however far the reader scrolled. It stays in the DOM
 * while empty: a live region added together with its text is often not announced.
 */
export default function NoticeRegion({ children }: NoticeRegionProps) {
  return (
    <div class="notice-region" aria-live="polite">
      {children}
    </div>
  );
}
