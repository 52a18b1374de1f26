// Runs under the page's CSP (script-src 'self'): records violations and proves the page's script works.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample });
});
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('status').textContent = 'script ran';
  window.pageOk = true;
});
