/* Bảng Vàng – share buttons (templates/_partials/share.html). No third-party script: Zalo is reached
 * through the phone's own share sheet (navigator.share); elsewhere the link is copied for pasting. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-share]"), function (box) {
    var url = box.getAttribute("data-share-url"), title = box.getAttribute("data-share-title");
    var status = box.parentNode.querySelector("[data-share-status]");
    function say(text) { if (status) status.textContent = text; }
    function copy(then) {
      var done = function () { say(then); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, function () { say("Không chép được; liên kết: " + url); });
      } else {
        say("Liên kết: " + url);
      }
    }
    box.querySelector("[data-share-copy]").addEventListener("click", function () {
      copy("Đã chép liên kết.");
    });
    box.querySelector("[data-share-zalo]").addEventListener("click", function () {
      if (navigator.share) {
        navigator.share({ title: title, url: url }).catch(function () { /* the reader closed the sheet */ });
      } else {
        copy("Đã chép liên kết: mở Zalo và dán vào cuộc trò chuyện.");
      }
    });
  });
})();
