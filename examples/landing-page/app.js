// The page's own script (no inline scripts: the page runs under CSP script-src 'self').
// Sluice tracks the forms by their data-sluice-* attributes; this script only keeps the
// visitor on the page and reacts to the live stage.
const booker = document.getElementById('booker');
const badge = document.getElementById('score');

document.addEventListener('sluice:stage', (e) => {
  const r = e.detail;
  badge.dataset.stage = r.outcome.stage;
  badge.textContent = `${r.outcome.stage} · grade ${r.grade ?? '–'}`;
  // Sales-ready: offer a meeting right now instead of waiting for an SDR to call back.
  booker.hidden = r.outcome.stage !== 'SQL';
});

for (const form of document.querySelectorAll('form')) {
  // The free-email check of the rule set reads lead.emailDomain.
  const email = form.querySelector('input[type=email]');
  const domain = form.querySelector('input[data-sluice-field=emailDomain]');
  if (email && domain) email.addEventListener('input', () => (domain.value = email.value.split('@')[1]?.toLowerCase() ?? ''));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    form.querySelector('.thanks').hidden = false;
    form.querySelector('button[type=submit]').disabled = true;
  });
}

for (const slot of document.querySelectorAll('#booker .slots button')) {
  slot.addEventListener('click', () => {
    booker.querySelector('p').textContent = `Booked: ${slot.textContent}. A calendar invite is on its way.`;
  });
}
