import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import EntitiesPage from './entities/EntitiesPage';
import Library from './Library';

export interface RootProps {
  /** The extension API. */
  browser: WxtBrowser;
}

/** `#entities` (optionally `&track=Name`) shows the entities view; any other address the clips. */
function route(): { view: 'entities'; track?: string } | { view: 'clips' } {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (!params.has('entities')) return { view: 'clips' };
  const track = params.get('track')?.slice(0, 120);
  return track ? { view: 'entities', track } : { view: 'entities' };
}

/** The library page: the collection, or the reader's entities. */
export default function Root({ browser }: RootProps) {
  const [r, setR] = useState(route);
  useEffect(() => {
    const on = () => setR(route());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return r.view === 'entities' ? (
    <EntitiesPage browser={browser} {...(r.track ? { prefill: r.track } : {})} />
  ) : (
    <Library browser={browser} />
  );
}
