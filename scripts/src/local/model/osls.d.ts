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
    sources?: Record<string, unknown>;
  }): Promise<void>;
  export = resolveVariables;
}
// The `param` source needs the framework instance; it reads only these two of its fields.
declare module 'osls/lib/configuration/variables/sources/instance-dependent/param' {
  function paramSource(serverless: {
    configurationInput: Record<string, unknown>;
    processedInput: { options: { param?: string[] } };
  }): unknown;
  export = paramSource;
}
declare module 'osls/lib/configuration/variables/sources/instance-dependent/get-sls' {
  function slsSource(): unknown;
  export = slsSource;
}
declare module 'osls/lib/configuration/variables/sources/*' {
  const source: unknown;
  export = source;
}
