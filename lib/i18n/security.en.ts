// Error codes from the HTTP layer (lib/http.ts): a write refused by a full or read-only
// disk, a cross-site write, a body the API does not take. Merged into `errors` by
// lib/i18n/server.ts, so the forms show them in the reader's language.
export const securityEn = {
  errors: {
    storage_unavailable: "The server cannot save anything right now (its disk is full or read-only). Try again in a moment.",
    cross_origin: "This request came from another site, so the server refused to change anything.",
    payload_too_large: "The request is too large.",
    unsupported_media_type: "The request must be sent as JSON.",
    invalid_json: "The request body is not valid JSON.",
    internal_error: "Something went wrong on the server.",
  },
};

export type SecurityDict = typeof securityEn;
