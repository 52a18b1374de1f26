import './highlights.css';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_idle',
  cssInjectionMode: 'manifest',
  async main(ctx) {
    const { runContent } = await import('./run');
    await runContent(ctx.signal);
  },
});
