export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_idle',
  async main(ctx) {
    const { runContent } = await import('./run');
    await runContent(ctx.signal);
  },
});
