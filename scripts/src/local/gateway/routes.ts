import type { HttpRouteModel } from '../model/types';

export interface MatchedRoute<T> {
  route: HttpRouteModel;
  target: T;
  pathParameters: Record<string, string>;
}

interface Entry<T> {
  route: HttpRouteModel;
  target: T;
  segments: string[];
}

/**
 * The API Gateway route table: `{name}` matches one path segment, `{name+}` the rest of the
 * path; a route with fewer parameters wins over one with more, as API Gateway prefers the most
 * specific match.
 */
export class RouteTable<T> {
  private readonly entries: Entry<T>[] = [];

  add(route: HttpRouteModel, target: T): void {
    this.entries.push({ route, target, segments: split(route.path) });
    this.entries.sort((a, b) => specificity(b) - specificity(a));
  }

  match(method: string, path: string): MatchedRoute<T> | undefined {
    const segments = split(path);
    for (const entry of this.entries) {
      if (entry.route.method !== '*' && entry.route.method !== 'ANY' && entry.route.method !== method.toUpperCase())
        continue;
      const pathParameters = matchSegments(entry.segments, segments);
      if (pathParameters) return { route: entry.route, target: entry.target, pathParameters };
    }
    return undefined;
  }

  /** Whether any route serves this path with another method (for 405-like answers). */
  hasPath(path: string): boolean {
    const segments = split(path);
    return this.entries.some((entry) => matchSegments(entry.segments, segments) !== undefined);
  }

  list(): HttpRouteModel[] {
    return this.entries.map((entry) => entry.route);
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function specificity(entry: Entry<unknown>): number {
  const literal = entry.segments.filter((segment) => !segment.startsWith('{')).length;
  const greedy = entry.segments.some((segment) => segment.endsWith('+}')) ? 0 : 1;
  return literal * 10 + greedy * 5 + (entry.route.method === '*' ? 0 : 1);
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let index = 0; index < template.length; index++) {
    const part = template[index] as string;
    if (part.startsWith('{') && part.endsWith('+}')) {
      if (index >= actual.length) return undefined;
      parameters[part.slice(1, -2)] = actual.slice(index).map(decodeURIComponent).join('/');
      return parameters;
    }
    const value = actual[index];
    if (value === undefined) return undefined;
    if (part.startsWith('{') && part.endsWith('}')) parameters[part.slice(1, -1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return template.length === actual.length ? parameters : undefined;
}
