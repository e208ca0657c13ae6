// The page's own script (no inline scripts: the page runs under CSP script-src 'self').
// Sluice tracks the forms by their data-sluice-* attributes; this script keeps the visitor on
// the page, reacts to the live score, and asks the site's backend for an identity token. The
// tag has the endpoint, key and rule set; `Sluice.init` here adds the page's callbacks to the
// embed the tag starts (one embed per page: nothing is counted twice).
const booker = document.getElementById('booker');
const badge = document.getElementById('score');

/** A wrong key or rule set stops the embed: say so instead of "scoring…" for ever. */
function notScored(e) {
  badge.dataset.stage = 'error';
  badge.textContent = `not scored: ${e.code}`;
  badge.title = e.message;
}

try {
  Sluice.init({
    // The first result, then every change: stage, grade or a score.
    onChange(r) {
      badge.dataset.stage = r.outcome.stage;
      badge.textContent = `${r.outcome.stage} · grade ${r.grade ?? '–'} · fit ${r.scores.fit} · engagement ${r.scores.engagement}`;
      // Sales-ready: offer a meeting right now instead of waiting for an SDR to call back.
      booker.hidden = r.outcome.stage !== 'SQL';
    },
    onError: (e) => e.stopped && notScored(e),
  });
} catch (e) {
  // Options the embed refuses (a secret key in data-key, say): the tag reports it too.
  notScored(e);
}

// Campaign visits, tracked by the page itself before the embed has started (calls made
// before are queued and sent once it has).
const campaign = new URLSearchParams(location.search).get('utm_campaign');
if (campaign) Sluice.track('campaign_visit', { campaign });

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
