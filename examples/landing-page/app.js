// The page's own script (no inline scripts: the page runs under CSP script-src 'self').
// Sluice tracks the forms by their data-sluice-* attributes; this script keeps the visitor on
// the page, reacts to the live stage, and asks the site's backend for an identity token.
const booker = document.getElementById('booker');
const badge = document.getElementById('score');

document.addEventListener('sluice:stage', (e) => {
  const r = e.detail;
  badge.dataset.stage = r.outcome.stage;
  badge.textContent = `${r.outcome.stage} · grade ${r.grade ?? '–'}`;
  // Sales-ready: offer a meeting right now instead of waiting for an SDR to call back.
  booker.hidden = r.outcome.stage !== 'SQL';
});

async function linkToLead(leadId) {
  const res = await fetch('/identity-token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ leadId }) });
  if (res.ok) Sluice.identify(leadId, {}, (await res.json()).token);
}

for (const form of document.querySelectorAll('form')) {
  // The free-email check of the rule set reads lead.emailDomain.
  const email = form.querySelector('input[type=email]');
  const domain = form.querySelector('input[data-sluice-field=emailDomain]');
  if (email && domain) email.addEventListener('input', () => (domain.value = email.value.split('@')[1]?.toLowerCase() ?? ''));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    form.querySelector('.thanks').hidden = false;
    form.querySelector('button[type=submit]').disabled = true;
    // The embed scores the visitor as this lead at once (data-sluice-identify); linking the
    // visitor to the lead at the runtime needs our backend's identity token for that lead.
    if (form.dataset.sluiceIdentify && email?.value) linkToLead(email.value);
  });
}

for (const slot of document.querySelectorAll('#booker .slots button')) {
  slot.addEventListener('click', () => {
    booker.querySelector('p').textContent = `Booked: ${slot.textContent}. A calendar invite is on its way.`;
  });
}
