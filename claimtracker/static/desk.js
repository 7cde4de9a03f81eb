// Progressive enhancement for the reviewer desk: selecting text in an article's snapshot
// fills the "Any passage" field (and its offset). Everything works without this file.
(function () {
  "use strict";
  var snapshot = document.getElementById("snapshot");
  var passage = document.getElementById("passage");
  var start = document.getElementById("passage-start");
  if (!snapshot || !passage) { return; }

  function offsetOf(node, offset) {
    // Offset in the stored text: paragraphs are joined by a blank line ("\n\n").
    var paragraph = node.nodeType === 1 ? node : node.parentNode;
    while (paragraph && paragraph.parentNode !== snapshot) { paragraph = paragraph.parentNode; }
    if (!paragraph) { return null; }
    var total = 0;
    for (var p = snapshot.firstElementChild; p && p !== paragraph; p = p.nextElementSibling) {
      total += p.textContent.length + 2;
    }
    return total + offset;
  }

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!snapshot.contains(range.commonAncestorContainer)) { return; }
    var text = selection.toString().trim();
    if (!text) { return; }
    passage.value = text;
    if (start) {
      var raw = selection.toString();
      var lead = raw.length - raw.replace(/^\s+/, "").length;
      var at = range.startContainer.nodeType === 3
        ? offsetOf(range.startContainer, range.startOffset + lead) : null;
      start.value = at === null ? "" : String(at);
    }
  });
})();
