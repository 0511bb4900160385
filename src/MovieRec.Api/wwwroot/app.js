// The MovieRec chat page: sends messages to POST /chat/stream, shows the streamed Markdown reply and the
// recommendation cards, and sends thumbs up / down to POST /feedback for the current session.
(function () {
  "use strict";

  const conversation = document.getElementById("conversation");
  const welcome = document.getElementById("welcome");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const status = document.getElementById("status");
  const apiKeyInput = document.getElementById("api-key");
  const countInput = document.getElementById("result-count");
  const settings = document.getElementById("settings");
  const render = window.MovieRecMarkdown.render;

  let sessionId = null;
  let busy = false;

  apiKeyInput.value = localStorage.getItem("movierec.apiKey") || "";
  apiKeyInput.addEventListener("change", function () { localStorage.setItem("movierec.apiKey", apiKeyInput.value.trim()); });

  function headers() {
    const h = { "Content-Type": "application/json", "Accept": "text/event-stream" };
    const key = apiKeyInput.value.trim();
    if (key) h["X-Api-Key"] = key;
    return h;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function scrollToEnd() { window.scrollTo({ top: document.body.scrollHeight, behavior: "smooth" }); }

  function setStatus(text, isError) {
    status.textContent = text || "";
    status.classList.toggle("error", !!isError);
  }

  function addUserMessage(text) {
    if (welcome) welcome.remove();
    const row = element("div", "message user");
    row.appendChild(element("div", "bubble", text));
    conversation.appendChild(row);
  }

  function addAssistantMessage() {
    const row = element("div", "message assistant");
    const bubble = element("div", "bubble markdown");
    bubble.innerHTML = '<span class="typing" aria-label="thinking"><i></i><i></i><i></i></span>';
    row.appendChild(bubble);
    conversation.appendChild(row);
    return row;
  }

  /** Reads a problem+json answer into one readable line. */
  async function problemText(response) {
    try {
      const problem = await response.json();
      if (problem.errors) return Object.values(problem.errors).flat().join(" ");
      return problem.detail || problem.title || response.statusText;
    } catch (_) {
      return response.status + " " + response.statusText;
    }
  }

  /** Yields {event, data} from a text/event-stream response body. */
  async function* readEvents(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        yield { event: event, data: data.join("\n") };
      }
    }
  }

  async function send(text) {
    if (busy || !text.trim()) return;
    busy = true;
    sendButton.disabled = true;
    setStatus("");
    addUserMessage(text);
    const row = addAssistantMessage();
    const bubble = row.querySelector(".bubble");
    scrollToEnd();

    const k = Math.min(20, Math.max(1, parseInt(countInput.value, 10) || 5));
    const body = { message: text, k: k };
    if (sessionId) body.sessionId = sessionId;

    try {
      const response = await fetch("chat/stream", { method: "POST", headers: headers(), body: JSON.stringify(body) });
      if (!response.ok) {
        const reason = await problemText(response);
        if (response.status === 401) settings.open = true;
        const retry = response.headers.get("Retry-After");
        throw new Error(reason + (retry ? " (try again in " + retry + " s)" : ""));
      }
      let text = "";
      for await (const item of readEvents(response)) {
        if (item.event === "delta") {
          text += JSON.parse(item.data).text;
          bubble.innerHTML = render(text);
        } else if (item.event === "done") {
          showAnswer(row, JSON.parse(item.data));
        } else if (item.event === "error") {
          const problem = JSON.parse(item.data);
          throw new Error(problem.detail || problem.title || "The answer failed.");
        }
      }
    } catch (error) {
      row.classList.add("failed");
      bubble.textContent = "Sorry, that did not work: " + error.message;
      setStatus(error.message, true);
    } finally {
      busy = false;
      sendButton.disabled = false;
      input.focus();
      scrollToEnd();
    }
  }

  function showAnswer(row, response) {
    sessionId = response.sessionId;
    row.querySelector(".bubble").innerHTML = render(response.reply);
    const recommendations = response.recommendations || [];
    if (recommendations.length) {
      const cards = element("div", "cards");
      recommendations.forEach(function (movie) { cards.appendChild(card(movie)); });
      row.appendChild(cards);
    }
    const meta = element("p", "meta", "answered by " + response.responder);
    row.appendChild(meta);
  }

  function card(movie) {
    const article = element("article", "card");
    article.dataset.movieId = movie.movieId;

    const title = element("h3", "card-title", movie.title);
    if (movie.year) title.appendChild(element("span", "year", " " + movie.year));
    article.appendChild(title);

    const genres = element("ul", "genres");
    (movie.genres || []).forEach(function (g) { genres.appendChild(element("li", "genre", g)); });
    article.appendChild(genres);

    const reasons = element("ul", "reasons");
    (movie.reasons || []).forEach(function (r) { reasons.appendChild(element("li", null, r)); });
    article.appendChild(reasons);

    const footer = element("div", "card-actions");
    footer.appendChild(feedbackButton(article, movie, "liked", "I like " + movie.title));
    footer.appendChild(feedbackButton(article, movie, "disliked", "Not for me: " + movie.title));
    footer.appendChild(element("span", "feedback-note"));
    article.appendChild(footer);
    return article;
  }

  // Thumb icons drawn inline (no icon font, no emoji font needed). Paths after Feather icons (MIT).
  const icons = {
    liked: '<path d="M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3"/>',
    disliked: '<path d="M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17"/>',
  };

  function feedbackButton(article, movie, signal, title) {
    const button = element("button", "thumb " + signal);
    button.innerHTML = '<svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">' + icons[signal] + "</svg>";
    button.type = "button";
    button.title = title;
    button.setAttribute("aria-label", title);
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", async function () {
      const note = article.querySelector(".feedback-note");
      try {
        const response = await fetch("feedback", {
          method: "POST",
          headers: Object.assign(headers(), { "Accept": "application/json" }),
          body: JSON.stringify({ sessionId: sessionId, movieId: movie.movieId, signal: signal }),
        });
        if (!response.ok) throw new Error(await problemText(response));
        article.querySelectorAll(".thumb").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
        button.setAttribute("aria-pressed", "true");
        article.classList.toggle("disliked", signal === "disliked");
        article.classList.toggle("liked", signal === "liked");
        note.textContent = signal === "liked" ? "Noted: more like this." : "Noted: you won't see it again.";
      } catch (error) {
        note.textContent = "Could not save: " + error.message;
      }
    });
    return button;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    autosize();
    send(text);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  function autosize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 200) + "px";
  }
  input.addEventListener("input", autosize);

  document.querySelectorAll(".suggestion").forEach(function (button) {
    button.addEventListener("click", function () { send(button.textContent); });
  });

  document.getElementById("new-chat").addEventListener("click", function () {
    sessionId = null;
    conversation.querySelectorAll(".message").forEach(function (m) { m.remove(); });
    setStatus("New conversation started.");
    input.focus();
  });

  input.focus();
})();
