// A device-id script of the kind Englehardt & Narayanan (2016) found on
// thousands of sites, served from a generic CDN: canvas-font fingerprinting
// (the same text measured in 60 fonts on a canvas, each compared with a
// fallback), every property of navigator and screen walked through, and a
// WebRTC peer connection set up to learn the machine's local addresses.
// It keeps what it learns to itself here (and adds no global name); the
// real ones post a hash of it.
(() => {
  const FONTS = [
    'Andale Mono', 'Arial', 'Arial Black', 'Arial Hebrew', 'Arial Narrow', 'Arial Rounded MT Bold', 'Arial Unicode MS',
    'Baskerville', 'Big Caslon', 'Bodoni 72', 'Book Antiqua', 'Bookman Old Style', 'Bradley Hand', 'Brush Script MT',
    'Calibri', 'Cambria', 'Cambria Math', 'Candara', 'Century Gothic', 'Chalkboard', 'Chalkduster', 'Comic Sans MS',
    'Consolas', 'Constantia', 'Copperplate', 'Corbel', 'Courier', 'Courier New', 'DejaVu Sans', 'DejaVu Serif',
    'Didot', 'Franklin Gothic Medium', 'Futura', 'Garamond', 'Geneva', 'Georgia', 'Gill Sans', 'Helvetica',
    'Helvetica Neue', 'Hoefler Text', 'Impact', 'Liberation Mono', 'Liberation Sans', 'Lucida Console',
    'Lucida Grande', 'Lucida Sans Unicode', 'Marker Felt', 'Menlo', 'Microsoft Sans Serif', 'Monaco', 'Noto Sans',
    'Optima', 'Palatino', 'Papyrus', 'Segoe UI', 'Tahoma', 'Times', 'Times New Roman', 'Trebuchet MS', 'Verdana',
  ];
  const ctx = document.createElement('canvas').getContext('2d');
  const text = 'mmmmmmmmmmlli';
  const widths = {};
  for (const base of ['monospace', 'sans-serif', 'serif']) {
    ctx.font = `72px ${base}`;
    widths[base] = ctx.measureText(text).width;
  }
  const present = FONTS.filter((font) => {
    ctx.font = `72px "${font}", monospace`;
    return ctx.measureText(text).width !== widths.monospace;
  });
  const props = {};
  for (const o of [navigator, screen]) {
    for (const key in o) {
      try {
        const value = o[key];
        if (typeof value !== 'function') props[key] = String(value);
      } catch {}
    }
  }
  let addresses = 0;
  try {
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.createDataChannel('');
    pc.onicecandidate = (e) => {
      if (e.candidate) addresses++;
    };
    pc.createOffer().then((offer) => pc.setLocalDescription(offer)).catch(() => {});
    setTimeout(() => pc.close(), 1000);
  } catch {}
  void [present, props, addresses];
})();
