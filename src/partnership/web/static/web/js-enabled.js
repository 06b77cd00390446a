// Marks the page as script-capable so GOV.UK Frontend components enhance themselves. Kept in a
// file (not inline) so the Content Security Policy can forbid inline scripts.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
