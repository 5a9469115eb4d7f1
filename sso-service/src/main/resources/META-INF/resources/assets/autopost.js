// Submits the SAML auto-post form (kept out of the page so the CSP can forbid inline script).
document.addEventListener('DOMContentLoaded', function () {
  var form = document.getElementById('autopost');
  if (form) { form.submit(); }
});
