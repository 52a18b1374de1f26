import { useState } from 'preact/hooks';

export interface PassagesOfferProps {
  /** Passages the reader saved from the page in the tab (null while unknown). */
  count: number | null;
  /** Asks the background to mark them on the page; resolves with how many the page found. */
  onShow: () => Promise<{ sent: number; marked: number | null }>;
}

const plural = (n: number) => `${n} saved passage${n === 1 ? '' : 's'}`;

/**
 * "Show your 2 saved passages here": pages are not told about the collection on load, so marking the
 * reader's passages waits for this click, made in the popup where page script cannot reach it.
 */
export default function PassagesOffer({ count, onShow }: PassagesOfferProps) {
  const [state, setState] = useState<{ busy: boolean; result: string | null }>({ busy: false, result: null });
  if (!count) return null;
  const show = async () => {
    setState({ busy: true, result: null });
    try {
      const { sent, marked } = await onShow();
      const result =
        marked === null
          ? 'The page did not answer. Reload it and try again.'
          : marked === sent
            ? `${marked === 1 ? 'Your saved passage is' : `Your ${sent} saved passages are`} marked on the page.`
            : `${marked} of your ${plural(sent)} found on the page as it is now.`;
      setState({ busy: false, result });
    } catch {
      setState({ busy: false, result: 'Your saved passages could not be shown.' });
    }
  };
  return (
    <div class="passages-offer">
      {state.result ? (
        <p class="muted" role="status">
          {state.result}
        </p>
      ) : (
        <button type="button" class="link" disabled={state.busy} onClick={() => void show()}>
          Show your {plural(count)} here
        </button>
      )}
    </div>
  );
}
