"""CSS and the few lines of browser JavaScript the app needs.

The JavaScript only moves between things already on the page (a ``[n]`` marker to its source
card) or asks the server for an article by id; it never inserts text as markup.
"""

# Clicking [n] in any answer shows that answer's source cards, opens card n and scrolls to it.
# (No template literals here: Gradio treats ${...} in some strings as template slots.)
CHAT_JS = """
element.addEventListener('click', function (e) {
  var b = e.target.closest('button.cite');
  if (!b) return;
  var t = b.getAttribute('data-turn'), n = b.getAttribute('data-n');
  document.querySelectorAll('.turn-sources').forEach(function (s) {
    s.classList.toggle('active', s.getAttribute('data-turn') === t);
  });
  document.querySelectorAll('.source-card.selected').forEach(function (c) {
    c.classList.remove('selected');
  });
  var card = document.getElementById('src-' + t + '-' + n);
  if (card) {
    card.open = true;
    card.classList.add('selected');
    card.scrollIntoView({block: 'nearest', behavior: 'smooth'});
  }
});
"""

# "Open whole article" on a source card asks the server for the article (see ui.app.on_open).
SOURCES_JS = """
element.addEventListener('click', function (e) {
  var b = e.target.closest('button.open-article');
  if (!b) return;
  trigger('open_article', {
    doc_id: b.getAttribute('data-doc'),
    start: Number(b.getAttribute('data-start')),
    end: Number(b.getAttribute('data-end'))
  });
});
"""

# When an article is shown, bring its first highlighted span into view; "Close" empties the view.
ARTICLE_JS = """
element.addEventListener('click', function (e) {
  if (e.target.closest('button.art-close')) props.value = '';
});
watch('value', function () {
  var m = element.querySelector('mark');
  if (m) m.scrollIntoView({block: 'center', behavior: 'smooth'});
});
"""

CSS = """
.app-title { font-size: 1.4rem; font-weight: 700; margin: 4px 0 2px; }
.app-title span { font-size: 0.95rem; font-weight: 400; opacity: 0.7; margin-left: 8px; }
#chat .msg { margin: 10px 0; }
#chat .msg.user { display: flex; justify-content: flex-end; }
#chat .msg.user .bubble { background: var(--color-accent-soft); border-radius: 12px; padding: 8px 12px;
  max-width: 85%; white-space: pre-wrap; }
#chat .msg.bot { border-left: 3px solid var(--color-accent); padding: 4px 12px; }
#chat .answer-text { line-height: 1.55; white-space: pre-wrap; }
#chat .short-answer { font-weight: 700; font-size: 1.15em; margin-bottom: 6px; }
#chat .disagree-lead { font-weight: 600; color: #8a4b00; margin-bottom: 6px; }
#chat .answer-text.pending { opacity: 0.6; font-style: italic; }
#chat .cursor { animation: blink 1s steps(2) infinite; }
@keyframes blink { 50% { opacity: 0; } }
#chat .sentence.unsupported { opacity: 0.6; text-decoration: underline dotted; }
#chat .chat-empty { opacity: 0.7; padding: 12px; }
button.cite { display: inline; border: 1px solid var(--color-accent); border-radius: 6px; padding: 0 4px;
  margin: 0 2px; font-size: 0.8em; font-weight: 600; color: var(--color-accent); background: transparent;
  cursor: pointer; vertical-align: baseline; }
button.cite:hover { background: var(--color-accent-soft); }
.abstain { border: 1px dashed #8a8a8a; border-radius: 8px; padding: 10px 12px;
  background: rgba(128,128,128,0.1); }
.abstain-title { font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; font-size: 0.85em; }
.abstain-title::before { content: "∅ "; }
.conflict { border: 2px solid #d9822b; border-radius: 8px; padding: 8px 12px; margin-top: 8px;
  background: rgba(217,130,43,0.1); }
.conflict-title { font-weight: 700; color: #b35c00; }
.conflict-title::before { content: "⚠ "; }
.conflict ul { margin: 4px 0 0 18px; }
.note { font-size: 0.85em; opacity: 0.8; margin-top: 6px; }
.error-box { border: 1px solid #c0392b; border-radius: 8px; padding: 8px 12px; color: #c0392b; }
.turn-sources { display: none; }
.turn-sources.active { display: block; }
.src-question, .src-empty, .src-none { font-size: 0.85em; opacity: 0.75; margin-bottom: 6px; }
.source-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 6px 10px;
  margin: 6px 0; }
.source-card.selected { border-color: var(--color-accent); box-shadow: 0 0 0 2px var(--color-accent-soft); }
.source-card summary { cursor: pointer; }
.src-n { font-weight: 700; color: var(--color-accent); }
.src-title { font-weight: 600; }
.src-source, .src-date { opacity: 0.75; }
.src-quote, .art-text { white-space: pre-wrap; line-height: 1.5; margin: 6px 0; font-size: 0.95em; }
mark.quote { background: #fff3a3; color: #222; padding: 0 1px; border-radius: 2px; }
.open-article { font-size: 0.85em; text-decoration: underline; background: none; border: none;
  cursor: pointer; color: var(--color-accent); padding: 0; }
.article { border-top: 2px solid var(--color-accent); padding-top: 6px; }
.art-head { position: sticky; top: 0; background: var(--background-fill-primary); padding-bottom: 4px; }
.art-close { float: right; font-size: 0.8em; border: 1px solid var(--border-color-primary);
  border-radius: 6px; background: none; cursor: pointer; padding: 1px 6px; }
.art-meta { font-size: 0.95em; margin-bottom: 4px; }
.art-url { font-size: 0.8em; opacity: 0.7; word-break: break-all; }
.status div { margin: 2px 0; }
.failed-q { margin: 6px 0; }
.failed-q div { font-size: 0.9em; opacity: 0.85; margin-left: 8px; }
"""
