// Proves Trusted Types are enforced in the main world (an HTML sink refuses a plain string), then that the page works.
window.ttViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.ttViolations.push({ directive: e.violatedDirective, source: e.sourceFile, sample: e.sample });
});
try {
  document.createElement('div').innerHTML = '<b>x</b>';
  window.ttEnforced = false;
} catch (e) {
  window.ttEnforced = e instanceof TypeError;
}
window.ttViolations.length = 0; // our own probe above is not a finding
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('status').textContent = 'script ran';
  window.pageOk = true;
});
