// 督办: import reports in the browser. Each file is posted on its own to /api/documents
// (multipart, field "files") with a progress bar; its result, or its error, is shown in
// Chinese with a link to the reader page of each report it gave.
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (!form) return;
  var input = document.getElementById("import-files");
  var zone = document.getElementById("drop-zone");
  var list = document.getElementById("uploads");
  var tokenInput = document.getElementById("import-token");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function upload(file) {
    var item = el("li", "upload");
    item.appendChild(el("span", "name", file.name));
    var bar = el("progress", "bar");
    bar.max = 100;
    bar.value = 0;
    item.appendChild(bar);
    var said = el("div", "said", "正在上传…");
    item.appendChild(said);
    list.appendChild(item);

    var data = new FormData();
    data.append("files", file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    if (tokenInput && tokenInput.value) xhr.setRequestHeader("Authorization", "Bearer " + tokenInput.value);
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 90);
    });
    xhr.upload.addEventListener("load", function () {
      bar.value = 90;
      said.textContent = "已上传,正在读取和提取…";
    });
    xhr.addEventListener("load", function () {
      bar.value = 100;
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
      if (xhr.status !== 200 || !answer || !answer.files) {
        item.classList.add("failed");
        said.textContent = (answer && typeof answer.detail === "string") ? answer.detail : "导入失败(错误代码 " + xhr.status + ")。";
        return;
      }
      var result = answer.files[0];
      item.classList.add("status-" + result.status);
      said.textContent = result.message;
      result.reports.forEach(function (report) {
        var line = el("div", "report");
        var link = el("a", "", report.title);
        link.href = report.link;
        line.appendChild(link);
        line.appendChild(document.createTextNode(" · " + report.facts + " 条数据"));
        item.appendChild(line);
      });
    });
    xhr.addEventListener("error", function () {
      item.classList.add("failed");
      said.textContent = "无法连接服务,导入未完成。";
    });
    xhr.send(data);
  }

  function send(files) {
    if (form.dataset.token && tokenInput && !tokenInput.value) {
      tokenInput.focus();
      list.appendChild(el("li", "upload failed", "请先填写访问令牌。"));
      return;
    }
    Array.prototype.forEach.call(files, upload);
  }

  input.addEventListener("change", function () { send(input.files); input.value = ""; });
  zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("over");
    send(event.dataTransfer.files);
  });
})();
