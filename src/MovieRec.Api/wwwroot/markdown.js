// A tiny, safe Markdown renderer for chat replies. Safety first: the whole text is HTML-escaped before any
// Markdown is interpreted, so the only tags in the output are the ones produced here, and links are limited
// to http(s), mailto and relative URLs. Supports paragraphs, line breaks, headings, bullet and numbered lists,
// **bold**, *italic*, `code` and [links](https://...).
(function () {
  "use strict";

  function escapeHtml(text) {
    return text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  function safeUrl(url) {
    // url is already escaped; decode &amp; only to test the scheme.
    const plain = url.replace(/&amp;/g, "&").trim();
    if (/^(https?:|mailto:)/i.test(plain) || /^[/#?]/.test(plain)) return url.trim();
    return null;
  }

  function inline(text) {
    // Code spans first, kept aside so that their content is not formatted.
    const codes = [];
    text = text.replace(/`([^`]+)`/g, function (_, code) {
      codes.push("<code>" + code + "</code>");
      return "\u0000" + (codes.length - 1) + "\u0000";
    });
    text = text.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, function (whole, label, url) {
      const href = safeUrl(url);
      return href === null ? label : '<a href="' + href + '" target="_blank" rel="noopener noreferrer">' + label + "</a>";
    });
    text = text.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "<strong>$1</strong>");
    text = text.replace(/__(?=\S)([\s\S]*?\S)__/g, "<strong>$1</strong>");
    text = text.replace(/(^|[^*\w])\*(?=\S)([^*]*?\S)\*(?!\*)/g, "$1<em>$2</em>");
    text = text.replace(/(^|[^_\w])_(?=\S)([^_]*?\S)_(?![_\w])/g, "$1<em>$2</em>");
    return text.replace(/\u0000(\d+)\u0000/g, function (_, i) { return codes[Number(i)]; });
  }

  function render(markdown) {
    const lines = escapeHtml(String(markdown || "").replace(/\r\n?/g, "\n")).split("\n");
    const html = [];
    let paragraph = [];
    let list = null; // { tag: "ul" | "ol", items: [] }

    function flushParagraph() {
      if (paragraph.length) html.push("<p>" + paragraph.map(inline).join("<br>") + "</p>");
      paragraph = [];
    }
    function flushList() {
      if (list) html.push("<" + list.tag + ">" + list.items.map(function (item) { return "<li>" + inline(item) + "</li>"; }).join("") + "</" + list.tag + ">");
      list = null;
    }

    for (const line of lines) {
      const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
      const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      if (bullet || numbered) {
        flushParagraph();
        const tag = bullet ? "ul" : "ol";
        if (list && list.tag !== tag) flushList();
        if (!list) list = { tag: tag, items: [] };
        list.items.push((bullet || numbered)[1]);
      } else if (heading) {
        flushParagraph();
        flushList();
        const level = Math.min(heading[1].length + 2, 6); // # -> h3: replies sit inside the page
        html.push("<h" + level + ">" + inline(heading[2]) + "</h" + level + ">");
      } else if (line.trim() === "") {
        flushParagraph();
        flushList();
      } else if (list && /^\s{2,}\S/.test(line)) {
        list.items[list.items.length - 1] += " " + line.trim(); // continuation of a list item
      } else {
        flushList();
        paragraph.push(line.trim());
      }
    }
    flushParagraph();
    flushList();
    return html.join("\n");
  }

  window.MovieRecMarkdown = { render: render, escapeHtml: escapeHtml };
})();
