// Scanning a voucher's QR code at the counter, where the browser can (BarcodeDetector and a
// camera): the button appears only then, and the code it reads goes into the same field a
// person types into, so typing always works and nothing depends on this script.
(function () {
  "use strict";
  const holder = document.getElementById("code-scan");
  const video = document.getElementById("code-camera");
  if (!holder || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  const button = holder.querySelector("button");
  const field = document.getElementById(button.dataset.scanFor);
  holder.hidden = false;

  button.addEventListener("click", async function () {
    let stream;
    try {
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      for (;;) {
        const found = await detector.detect(video);
        if (found.length) {
          field.value = found[0].rawValue;
          field.form.requestSubmit();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } catch (error) {
      field.focus(); // no camera, or refused: the typed code still works
    } finally {
      if (stream) {
        stream.getTracks().forEach((track) => track.stop());
      }
      video.hidden = true;
    }
  });
})();
