declare module 'virtual:kb-spec' {
  const spec: import('../match/spec').MatcherSpec;
  export default spec;
}
declare module 'virtual:kb' {
  const kb: import('./knowledge').KnowledgeBase;
  export default kb;
}
declare module 'virtual:kb-rules' {
  const rules: import('../entities/pack').CorpusRules;
  export default rules;
}
