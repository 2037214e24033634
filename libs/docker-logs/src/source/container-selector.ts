/** Chooses containers by name and labels. */
export type ContainerSelector = (name: string, labels: Readonly<Record<string, string>>) => boolean;

/** Docker names carry a leading "/"; users know them without it. */
export function containerName(raw: string): string {
  return raw.replace(/^\//, '');
}

/** Selection as users configure it: names, `key=value` labels, a Compose project. */
export interface SelectionOptions {
  readonly names?: readonly string[];
  readonly labels?: readonly string[];
  readonly composeProject?: string;
  /** Never follow these (the monitor itself). */
  readonly exclude?: readonly string[];
}

/** Builds a selector: every running container unless names/labels/project narrow it. */
export function createSelector(options: SelectionOptions): ContainerSelector {
  const names = new Set(options.names ?? []);
  const exclude = new Set(options.exclude ?? []);
  const labels = (options.labels ?? []).map((l) => {
    const eq = l.indexOf('=');
    return eq === -1 ? ([l, undefined] as const) : ([l.slice(0, eq), l.slice(eq + 1)] as const);
  });
  return (name, containerLabels) => {
    if (exclude.has(name)) return false;
    if (names.size > 0 && !names.has(name)) return false;
    if (options.composeProject !== undefined && containerLabels['com.docker.compose.project'] !== options.composeProject) {
      return false;
    }
    return labels.every(([key, value]) => (value === undefined ? key in containerLabels : containerLabels[key] === value));
  };
}
