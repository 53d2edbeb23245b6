// The exposure chart. The engine draws it as an SVG document; it is shown as an image from a
// blob URL, never parsed into this page's DOM.

let currentUrl: string | null = null;

export const CHART_ALT = 'Exposure over time: mentions and people posting per day';

/** Shows `svg` in the figure's <img>, creating it if needed; revokes the previous image URL. */
export function showChart(figure: HTMLElement, svg: string): HTMLImageElement {
  let img = figure.querySelector('img');
  if (!img) {
    img = document.createElement('img');
    (figure.querySelector('.chart-frame') ?? figure).appendChild(img);
  }
  img.alt = CHART_ALT;
  img.width = 960;
  img.height = 360;
  const previous = currentUrl;
  currentUrl = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  img.src = currentUrl;
  if (previous) URL.revokeObjectURL(previous);
  return img;
}
