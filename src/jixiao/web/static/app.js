// jixiao: CSRF header for htmx requests, and the drag-and-drop upload with per-file progress.
(function () {
  "use strict";
  var csrf = document.body.dataset.csrf || "";
  document.body.addEventListener("htmx:configRequest", function (e) {
    e.detail.headers["X-CSRF-Token"] = csrf;
  });

  var zone = document.getElementById("dropzone");
  var input = document.getElementById("file-input");
  if (!zone || !input) { return; }
  var progress = document.getElementById("upload-progress");
  var results = document.getElementById("upload-results");

  function sendOne(file) {
    return new Promise(function (resolve) {
      var row = document.createElement("div");
      row.className = "progress-row";
      var label = document.createElement("span");
      label.textContent = file.name;
      var bar = document.createElement("progress");
      bar.max = 100; bar.value = 0;
      var state = document.createElement("span");
      state.className = "state";
      state.textContent = "上传中";
      row.appendChild(label); row.appendChild(bar); row.appendChild(state);
      progress.appendChild(row);
      // Once the bytes are sent the server still reads, checks and stores the
      // tables: say so, with a moving bar, rather than sit at 100 %.
      function parsing() {
        if (row.classList.contains("parsing")) { return; }
        row.classList.add("parsing");
        bar.removeAttribute("value");
        state.textContent = "正在解析…";
      }
      var data = new FormData();
      data.append("files", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/upload");
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.setRequestHeader("HX-Request", "true");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
      };
      xhr.upload.onload = parsing;
      xhr.onload = function () {
        bar.value = 100;
        row.classList.remove("parsing");
        row.classList.add(xhr.status < 400 ? "done" : "failed");
        state.textContent = xhr.status < 400 ? "完成" : "失败";
        var holder = document.createElement("div");
        if (xhr.status < 400) {
          holder.innerHTML = xhr.responseText;  // server-rendered, autoescaped
        } else {
          var p = document.createElement("div");
          p.className = "upload-result fail";
          p.textContent = file.name + ": 上传失败 (" + xhr.status + ")";
          holder.appendChild(p);
        }
        results.appendChild(holder);
        resolve();
      };
      xhr.onerror = function () {
        row.classList.remove("parsing");
        row.classList.add("failed");
        state.textContent = "失败";
        resolve();
      };
      xhr.send(data);
    });
  }

  function sendAll(files) {
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (f) {
      chain = chain.then(function () { return sendOne(f); });
    });
    return chain;
  }

  input.addEventListener("change", function () { sendAll(input.files); });
  ["dragenter", "dragover"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) { sendAll(e.dataTransfer.files); });
})();
