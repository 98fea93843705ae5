// The framework's own configuration reader and variable resolver (osls ships no types for them).
declare module 'osls/lib/configuration/read' {
  function readConfiguration(configurationPath: string): Promise<Record<string, unknown>>;
  export = readConfiguration;
}
declare module 'osls/lib/configuration/variables' {
  function resolveVariables(input: {
    serviceDir: string;
    configuration: Record<string, unknown>;
    options: Record<string, unknown>;
  }): Promise<void>;
  export = resolveVariables;
}
