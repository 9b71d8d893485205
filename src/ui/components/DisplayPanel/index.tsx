import { COLORMAP_LABELS, COLORMAPS, type ColormapName, colormapGradient } from '../../../render/colormaps';
import type { ViewMode } from '../../../render/draw-heatmap';
import { useStore } from '../../../state/store';

const VIEWS: { value: ViewMode; label: string }[] = [
  { value: 'overlay', label: 'Overlay' },
  { value: 'side-by-side', label: 'Side by side' },
  { value: 'heatmap', label: 'Heatmap' },
  { value: 'guided', label: 'Guided' },
];

// Display settings only redraw the canvas (the stage subscribes to the store): no worker call.
const setOpacity = (opacity: number) => useStore.setState({ opacity });
const setColormap = (colormap: ColormapName) => useStore.setState({ colormap });
const setViewMode = (viewMode: ViewMode) => useStore.setState({ viewMode });

/** The display toolbar under the stage: view mode, opacity, colour map with its legend. */
export function DisplayToolbar() {
  const opacity = useStore((s) => s.opacity);
  const colormap = useStore((s) => s.colormap);
  const viewMode = useStore((s) => s.viewMode);
  return (
    <fieldset className="toolbar">
      <legend className="visually-hidden">Display</legend>
      <div className="segmented" role="radiogroup" aria-label="View">
        {VIEWS.map((view) => (
          <label key={view.value} className="segment">
            <input
              type="radio"
              name="view-mode"
              value={view.value}
              checked={viewMode === view.value}
              onChange={() => setViewMode(view.value)}
              data-testid={`view-${view.value}`}
            />
            <span>{view.label}</span>
          </label>
        ))}
      </div>
      <label className="tool tool-opacity">
        <span>Opacity</span>
        <input
          type="range"
          data-testid="opacity"
          min={0}
          max={1}
          step={0.01}
          value={opacity}
          disabled={viewMode === 'heatmap' || viewMode === 'guided'}
          onChange={(e) => setOpacity(Number(e.currentTarget.value))}
        />
        <output>{Math.round(opacity * 100)}%</output>
      </label>
      <label className="tool">
        <span className="visually-hidden">Colour map</span>
        <select
          data-testid="colormap"
          value={colormap}
          onChange={(e) => setColormap(e.currentTarget.value as ColormapName)}
        >
          {COLORMAPS.map((name) => (
            <option key={name} value={name}>
              {COLORMAP_LABELS[name]}
            </option>
          ))}
        </select>
      </label>
      <figure className="legend" aria-label={`Legend: ${COLORMAP_LABELS[colormap]}, low to high importance`}>
        <div className="legend-bar" style={{ background: colormapGradient(colormap) }} />
        <figcaption>
          <span>low</span>
          <span>high</span>
        </figcaption>
      </figure>
    </fieldset>
  );
}
