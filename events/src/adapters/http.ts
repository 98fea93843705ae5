/** API Gateway HTTP API (payload 2.0) glue: the raw request in, JSON responses out. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FieldError } from '@evote/shared';
import { RefusalReason, type RawRequest, type Refusal } from '../domain/intake';

export type HttpResponse = APIGatewayProxyStructuredResultV2;

const STATUS_OF: Readonly<Record<RefusalReason, number>> = {
  [RefusalReason.UnsupportedMediaType]: 415,
  [RefusalReason.BodyTooLarge]: 413,
  [RefusalReason.MalformedJson]: 400,
  [RefusalReason.InvalidBallot]: 400,
};

/** The content type and body bytes of the request (base64 bodies decoded, so size is real). */
export function rawRequestOf(event: APIGatewayProxyEventV2): RawRequest {
  const body = event.body ?? '';
  return {
    contentType: headerValue(event.headers, 'content-type'),
    body: event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'),
  };
}

/** HTTP API lower-cases header names, but a hand-built event (tests, tools) may not. */
function headerValue(headers: APIGatewayProxyEventV2['headers'] | undefined, name: string): string | undefined {
  const entry = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
}

export function jsonResponse(statusCode: number, body: unknown): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

export interface ErrorBody {
  message: string;
  errors: FieldError[];
}

export function refusalResponse(refusal: Refusal): HttpResponse {
  const body: ErrorBody = { message: refusal.message, errors: refusal.errors };
  return jsonResponse(STATUS_OF[refusal.reason], body);
}
