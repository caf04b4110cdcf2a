// Generated from openapi.json by openapi-typescript (`npm run openapi`). Do not edit.

export interface paths {
    "/api/v1/customers/{uuid}/details": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a customer's details
         * @description Needs customer.details.view (any customer) or .view.own (the user's customers); update permissions also allow reading.
         */
        get: operations["getCustomerDetails"];
        /**
         * Replace a customer's details
         * @description Replaces the details: fields not sent are reset (nullable ones to null, is_active to true). Details are created on first write (status 200). Needs customer.details.update, or .update.own for the user's own customers. Order of checks: 401, 403, 404, 403 (not the owner), 422, 412.
         */
        put: operations["replaceCustomerDetails"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update some of a customer's details
         * @description Merges: fields not sent keep their value; an explicit null clears a nullable field. Details are created on first write (status 200). Needs customer.details.update, or .update.own for the user's own customers. Order of checks: 401, 403, 404, 403 (not the owner), 422, 412.
         */
        patch: operations["updateCustomerDetails"];
        trace?: never;
    };
    "/api/v1/customers/details": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace many customers' details
         * @description PUT semantics for each of 1 to 100 customers, exactly as the single door: the token and the update permission are checked once (401, 403), then each item runs the single door's checks (404, 403 not the owner, 422, 412) in a transaction of its own. 200 when every item succeeded, 207 when any failed; with all_or_none, one transaction and 422 when any failed (nothing stored). History, ETags, webhooks and subscriptions see each item as if it had been sent alone.
         */
        put: operations["replaceCustomerDetailsBatch"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update some of many customers' details
         * @description PATCH semantics for each of 1 to 100 customers, exactly as the single door: the token and the update permission are checked once (401, 403), then each item runs the single door's checks (404, 403 not the owner, 422, 412) in a transaction of its own. 200 when every item succeeded, 207 when any failed; with all_or_none, one transaction and 422 when any failed (nothing stored). History, ETags, webhooks and subscriptions see each item as if it had been sent alone.
         */
        patch: operations["updateCustomerDetailsBatch"];
        trace?: never;
    };
    "/api/v1/customers/{uuid}/details/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The change history of a customer's details
         * @description Newest first, cursor-paginated. Needs read permission; same order of checks as reading the details, then 422 for the page parameters.
         */
        get: operations["getCustomerDetailsHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description Every error body is JSON with a message. */
        Error: {
            message: string;
        };
        /** @description Laravel's 422: the first message (and how many more), and every failing field with its messages. */
        ValidationError: {
            message: string;
            errors: {
                [key: string]: string[];
            };
        };
        /** @description A customer's details. Money is a JSON number holding exactly the stored decimal. */
        CustomerDetails: {
            id: number;
            customer_id: number;
            /** @description At most 4 decimal places and 15 significant digits, exactly as stored. */
            annual_revenue: number | null;
            /** @description ISO 4217 code of annual_revenue. */
            annual_revenue_currency: string | null;
            /** @description annual_revenue in the requesting user's preferred currency (DEFAULT_CURRENCY without one), rounded half-up to its minor units; null without a revenue or a rate. */
            annual_revenue_converted: number | null;
            /** @description The currency of annual_revenue_converted. */
            annual_revenue_currency_converted: string | null;
            employee_count: number | null;
            industry: string | null;
            /** Format: uri */
            website: string | null;
            address: string | null;
            is_active: boolean;
            /**
             * Format: date-time
             * @description UTC with six fractional digits, as Laravel writes dates.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description UTC with six fractional digits, as Laravel writes dates.
             */
            updated_at: string;
        };
        /**
         * @description The writable fields. PUT resets every field not sent (nullable ones to null, is_active to true); PATCH keeps them and an explicit null clears one. Legacy scalars are accepted as Laravel accepted them: numeric strings for numbers, 1/0/"1"/"0"/"true"/"false" for is_active. The read-only keys of the response are accepted and ignored (GET-modify-PUT); any other key is a 422.
         * @example {
         *       "annual_revenue": 2000000,
         *       "annual_revenue_currency": "USD",
         *       "employee_count": 100,
         *       "industry": "Technology",
         *       "website": "https://example.com"
         *     }
         */
        CustomerDetailsInput: {
            /** @description ≥ 0, at most 4 decimal places and 15 significant digits; stored exactly. A numeric string ("2000000") is accepted. */
            annual_revenue?: number | string | null;
            /** @description ISO 4217 alphabetic code, case-insensitive (stored upper-case); required whenever the record would have a revenue. */
            annual_revenue_currency?: string | null;
            /** @description 0 to 10,000,000. A numeric string is accepted. */
            employee_count?: number | string | null;
            /** @description Trimmed, at most 255 characters; empty becomes null. */
            industry?: string | null;
            /** @description Absolute http(s) URL of at most 2048 characters; a bare host name (example.com) is stored as https://example.com. */
            website?: string | null;
            /** @description Trimmed, at most 1000 characters; empty becomes null. */
            address?: string | null;
            /** @description Not nullable. Also 1, 0, "1", "0", "true", "false". */
            is_active?: boolean | number | string;
            /** @description Read-only: accepted and ignored. */
            id?: unknown;
            /** @description Read-only: accepted and ignored. */
            customer_id?: unknown;
            /** @description Read-only: accepted and ignored. */
            annual_revenue_converted?: unknown;
            /** @description Read-only: accepted and ignored. */
            annual_revenue_currency_converted?: unknown;
            /** @description Read-only: accepted and ignored. */
            created_at?: unknown;
            /** @description Read-only: accepted and ignored. */
            updated_at?: unknown;
        };
        /**
         * @description 1 to 100 items, each the single door's body plus the customer's uuid (and an optional if_match).
         * @example {
         *       "items": [
         *         {
         *           "uuid": "550e8400-e29b-41d4-a716-446655440000",
         *           "employee_count": 120,
         *           "if_match": "\"v3\""
         *         },
         *         {
         *           "uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
         *           "website": "not a url"
         *         }
         *       ]
         *     }
         */
        CustomerDetailsBatchRequest: {
            items: (components["schemas"]["CustomerDetailsInput"] & {
                /** @description The customer's UUID (a malformed one is that item's 404). */
                uuid: string;
                /** @description The item's If-Match: the ETag exactly as the single door sends it, quotes included ("\"v3\""). */
                if_match?: string;
            })[];
            /** @description true: one transaction; if any item fails nothing is stored (422, the other items 424). Also 1/0/"1"/"0"/"true"/"false". */
            all_or_none?: boolean | number | string;
        };
        /** @description One item's outcome: 200 with the details and their ETag; 404, 403 or 412 with a message; 422 with a message and the failing fields; 424 (all_or_none) when the item did not fail but another did. */
        CustomerDetailsBatchItemResult: {
            /** @description The item's uuid as sent. */
            uuid: string;
            /** @enum {integer} */
            status: 200 | 403 | 404 | 412 | 422 | 424;
            /** @description With status 200: the details' ETag (the item's next if_match). */
            etag?: string;
            details?: components["schemas"]["CustomerDetails"];
            message?: string;
            errors?: {
                [key: string]: string[];
            };
        };
        /** @description Each item's outcome, in the items' order. */
        CustomerDetailsBatchResponse: {
            /** @description With status 422 (all_or_none): why nothing was stored. */
            message?: string;
            data: components["schemas"]["CustomerDetailsBatchItemResult"][];
        };
        /** @description One committed change: who, through which door and method, and each changed field's old and new value. */
        CustomerDetailsChange: {
            id: number;
            customer_id: number;
            user_id: number | null;
            /** @enum {string} */
            door: "REST" | "GRAPHQL";
            /** @enum {string} */
            method: "PUT" | "PATCH";
            /** @description This change created the details. */
            created: boolean;
            changes: {
                [key: string]: {
                    /** @description The field's value; money (annual_revenue) as an exact decimal string. */
                    old: string | number | boolean | null;
                    /** @description The field's value; money (annual_revenue) as an exact decimal string. */
                    new: string | number | boolean | null;
                };
            };
            /** Format: date-time */
            created_at: string;
        };
        /** @description One page, newest first, in the shape of Laravel's cursor paginator. */
        CustomerDetailsHistoryPage: {
            data: components["schemas"]["CustomerDetailsChange"][];
            /** Format: uri */
            path: string;
            per_page: number;
            /** @description Continues with older entries; null on the last page. */
            next_cursor: string | null;
            /** Format: uri */
            next_page_url: string | null;
            /** @description Goes back to newer entries; null on the first page. */
            prev_cursor: string | null;
            /** Format: uri */
            prev_page_url: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getCustomerDetails: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The customer's UUID.
                 * @example 550e8400-e29b-41d4-a716-446655440000
                 */
                uuid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The details. */
            200: {
                headers: {
                    /** @description The version of the details, e.g. "v3"; send it back in If-Match. */
                    etag?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "customer_id": 1,
                     *       "annual_revenue": 2000000,
                     *       "annual_revenue_currency": "USD",
                     *       "annual_revenue_converted": 60000000,
                     *       "annual_revenue_currency_converted": "TRY",
                     *       "employee_count": 100,
                     *       "industry": "Technology",
                     *       "website": "https://example.com",
                     *       "address": null,
                     *       "is_active": true,
                     *       "created_at": "2025-11-20T12:00:00.000000Z",
                     *       "updated_at": "2025-11-20T12:00:00.000000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["CustomerDetails"];
                };
            };
            /** @description Several Authorization headers. */
            400: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Bad Request"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or badly signed token, or its user does not exist or is disabled. */
            401: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Unauthenticated."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The user may not do this (to any customer, or to this one). */
            403: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Forbidden"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No customer with this uuid, or it has no details yet. */
            404: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Customer not found"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Over the caller's budget (RATE_LIMIT_PER_MINUTE per user, RATE_LIMIT_ANONYMOUS_PER_MINUTE per address without a valid token): nothing was done; send it again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Too Many Requests"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The service is shutting down (or cannot reach its database); retry later. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Service Unavailable"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replaceCustomerDetails: {
        parameters: {
            query?: never;
            header?: {
                /** @description Only write if the details are still at this version (the ETag of a 200, e.g. "v3"); else 412. */
                "if-match"?: string;
            };
            path: {
                /**
                 * @description The customer's UUID.
                 * @example 550e8400-e29b-41d4-a716-446655440000
                 */
                uuid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomerDetailsInput"];
            };
        };
        responses: {
            /** @description The details after the write (created if there were none). */
            200: {
                headers: {
                    /** @description The version of the details, e.g. "v3"; send it back in If-Match. */
                    etag?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "customer_id": 1,
                     *       "annual_revenue": 2000000,
                     *       "annual_revenue_currency": "USD",
                     *       "annual_revenue_converted": 60000000,
                     *       "annual_revenue_currency_converted": "TRY",
                     *       "employee_count": 100,
                     *       "industry": "Technology",
                     *       "website": "https://example.com",
                     *       "address": null,
                     *       "is_active": true,
                     *       "created_at": "2025-11-20T12:00:00.000000Z",
                     *       "updated_at": "2025-11-20T12:00:00.000000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["CustomerDetails"];
                };
            };
            /** @description The body is not valid JSON, or not valid UTF-8; or the request carries several Authorization headers (message "Bad Request"). */
            400: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "The body is not valid JSON."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or badly signed token, or its user does not exist or is disabled. */
            401: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Unauthenticated."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The user may not do this (to any customer, or to this one). */
            403: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Forbidden"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No customer with this uuid (also a malformed uuid). */
            404: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Customer not found"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description If-Match names a version that is no longer current. */
            412: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Precondition Failed"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than 64 KiB. */
            413: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Payload Too Large: the body must not exceed 64 KiB."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Unsupported Media Type: the body must be application/json."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation failed: every failing field is reported. */
            422: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "The employee count field must be an integer. (and 1 more error)",
                     *       "errors": {
                     *         "employee_count": [
                     *           "The employee count field must be an integer."
                     *         ],
                     *         "website": [
                     *           "The website field must be a valid URL."
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ValidationError"];
                };
            };
            /** @description Over the caller's budget (RATE_LIMIT_PER_MINUTE per user, RATE_LIMIT_ANONYMOUS_PER_MINUTE per address without a valid token): nothing was done; send it again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Too Many Requests"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The service is shutting down (or cannot reach its database); retry later. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Service Unavailable"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateCustomerDetails: {
        parameters: {
            query?: never;
            header?: {
                /** @description Only write if the details are still at this version (the ETag of a 200, e.g. "v3"); else 412. */
                "if-match"?: string;
            };
            path: {
                /**
                 * @description The customer's UUID.
                 * @example 550e8400-e29b-41d4-a716-446655440000
                 */
                uuid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomerDetailsInput"];
            };
        };
        responses: {
            /** @description The details after the write (created if there were none). */
            200: {
                headers: {
                    /** @description The version of the details, e.g. "v3"; send it back in If-Match. */
                    etag?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 1,
                     *       "customer_id": 1,
                     *       "annual_revenue": 2000000,
                     *       "annual_revenue_currency": "USD",
                     *       "annual_revenue_converted": 60000000,
                     *       "annual_revenue_currency_converted": "TRY",
                     *       "employee_count": 100,
                     *       "industry": "Technology",
                     *       "website": "https://example.com",
                     *       "address": null,
                     *       "is_active": true,
                     *       "created_at": "2025-11-20T12:00:00.000000Z",
                     *       "updated_at": "2025-11-20T12:00:00.000000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["CustomerDetails"];
                };
            };
            /** @description The body is not valid JSON, or not valid UTF-8; or the request carries several Authorization headers (message "Bad Request"). */
            400: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "The body is not valid JSON."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or badly signed token, or its user does not exist or is disabled. */
            401: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Unauthenticated."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The user may not do this (to any customer, or to this one). */
            403: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Forbidden"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No customer with this uuid (also a malformed uuid). */
            404: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Customer not found"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description If-Match names a version that is no longer current. */
            412: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Precondition Failed"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than 64 KiB. */
            413: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Payload Too Large: the body must not exceed 64 KiB."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Unsupported Media Type: the body must be application/json."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Validation failed: every failing field is reported. */
            422: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "The employee count field must be an integer. (and 1 more error)",
                     *       "errors": {
                     *         "employee_count": [
                     *           "The employee count field must be an integer."
                     *         ],
                     *         "website": [
                     *           "The website field must be a valid URL."
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ValidationError"];
                };
            };
            /** @description Over the caller's budget (RATE_LIMIT_PER_MINUTE per user, RATE_LIMIT_ANONYMOUS_PER_MINUTE per address without a valid token): nothing was done; send it again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Too Many Requests"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The service is shutting down (or cannot reach its database); retry later. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Service Unavailable"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replaceCustomerDetailsBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomerDetailsBatchRequest"];
            };
        };
        responses: {
            /** @description Every item succeeded. */
            200: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "uuid": "550e8400-e29b-41d4-a716-446655440000",
                     *           "status": 200,
                     *           "etag": "\"v4\"",
                     *           "details": {
                     *             "id": 1,
                     *             "customer_id": 1,
                     *             "annual_revenue": 2000000,
                     *             "annual_revenue_currency": "USD",
                     *             "annual_revenue_converted": 60000000,
                     *             "annual_revenue_currency_converted": "TRY",
                     *             "employee_count": 100,
                     *             "industry": "Technology",
                     *             "website": "https://example.com",
                     *             "address": null,
                     *             "is_active": true,
                     *             "created_at": "2025-11-20T12:00:00.000000Z",
                     *             "updated_at": "2025-11-20T12:00:00.000000Z"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["CustomerDetailsBatchResponse"];
                };
            };
            /** @description Some items failed (each item's status says which). */
            207: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "uuid": "550e8400-e29b-41d4-a716-446655440000",
                     *           "status": 200,
                     *           "etag": "\"v4\"",
                     *           "details": {
                     *             "id": 1,
                     *             "customer_id": 1,
                     *             "annual_revenue": 2000000,
                     *             "annual_revenue_currency": "USD",
                     *             "annual_revenue_converted": 60000000,
                     *             "annual_revenue_currency_converted": "TRY",
                     *             "employee_count": 100,
                     *             "industry": "Technology",
                     *             "website": "https://example.com",
                     *             "address": null,
                     *             "is_active": true,
                     *             "created_at": "2025-11-20T12:00:00.000000Z",
                     *             "updated_at": "2025-11-20T12:00:00.000000Z"
                     *           }
                     *         },
                     *         {
                     *           "uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                     *           "status": 422,
                     *           "message": "The website field must be a valid URL.",
                     *           "errors": {
                     *             "website": [
                     *               "The website field must be a valid URL."
                     *             ]
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["CustomerDetailsBatchResponse"];
                };
            };
            /** @description The body is not valid JSON, or not valid UTF-8; or the request carries several Authorization headers (message "Bad Request"). */
            400: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "The body is not valid JSON."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or badly signed token, or its user does not exist or is disabled. */
            401: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Unauthenticated."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The user may not do this (to any customer, or to this one). */
            403: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Forbidden"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than 1 MiB. */
            413: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Payload Too Large: the body must not exceed 1 MiB."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Unsupported Media Type: the body must be application/json."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body's shape is wrong (items missing, not 1..100, an item without a uuid), or with all_or_none an item failed: nothing was stored, and data says why (the items that did not fail carry 424). */
            422: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Nothing was stored: 1 of 2 items failed.",
                     *       "data": [
                     *         {
                     *           "uuid": "550e8400-e29b-41d4-a716-446655440000",
                     *           "status": 424,
                     *           "message": "Failed Dependency"
                     *         },
                     *         {
                     *           "uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                     *           "status": 422,
                     *           "message": "The website field must be a valid URL.",
                     *           "errors": {
                     *             "website": [
                     *               "The website field must be a valid URL."
                     *             ]
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ValidationError"] | components["schemas"]["CustomerDetailsBatchResponse"];
                };
            };
            /** @description Over the caller's budget (RATE_LIMIT_PER_MINUTE per user, RATE_LIMIT_ANONYMOUS_PER_MINUTE per address without a valid token): nothing was done; send it again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Too Many Requests"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The service is shutting down (or cannot reach its database); retry later. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Service Unavailable"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateCustomerDetailsBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomerDetailsBatchRequest"];
            };
        };
        responses: {
            /** @description Every item succeeded. */
            200: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "uuid": "550e8400-e29b-41d4-a716-446655440000",
                     *           "status": 200,
                     *           "etag": "\"v4\"",
                     *           "details": {
                     *             "id": 1,
                     *             "customer_id": 1,
                     *             "annual_revenue": 2000000,
                     *             "annual_revenue_currency": "USD",
                     *             "annual_revenue_converted": 60000000,
                     *             "annual_revenue_currency_converted": "TRY",
                     *             "employee_count": 100,
                     *             "industry": "Technology",
                     *             "website": "https://example.com",
                     *             "address": null,
                     *             "is_active": true,
                     *             "created_at": "2025-11-20T12:00:00.000000Z",
                     *             "updated_at": "2025-11-20T12:00:00.000000Z"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["CustomerDetailsBatchResponse"];
                };
            };
            /** @description Some items failed (each item's status says which). */
            207: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "uuid": "550e8400-e29b-41d4-a716-446655440000",
                     *           "status": 200,
                     *           "etag": "\"v4\"",
                     *           "details": {
                     *             "id": 1,
                     *             "customer_id": 1,
                     *             "annual_revenue": 2000000,
                     *             "annual_revenue_currency": "USD",
                     *             "annual_revenue_converted": 60000000,
                     *             "annual_revenue_currency_converted": "TRY",
                     *             "employee_count": 100,
                     *             "industry": "Technology",
                     *             "website": "https://example.com",
                     *             "address": null,
                     *             "is_active": true,
                     *             "created_at": "2025-11-20T12:00:00.000000Z",
                     *             "updated_at": "2025-11-20T12:00:00.000000Z"
                     *           }
                     *         },
                     *         {
                     *           "uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                     *           "status": 422,
                     *           "message": "The website field must be a valid URL.",
                     *           "errors": {
                     *             "website": [
                     *               "The website field must be a valid URL."
                     *             ]
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["CustomerDetailsBatchResponse"];
                };
            };
            /** @description The body is not valid JSON, or not valid UTF-8; or the request carries several Authorization headers (message "Bad Request"). */
            400: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "The body is not valid JSON."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or badly signed token, or its user does not exist or is disabled. */
            401: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Unauthenticated."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The user may not do this (to any customer, or to this one). */
            403: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Forbidden"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is larger than 1 MiB. */
            413: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Payload Too Large: the body must not exceed 1 MiB."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is not application/json. */
            415: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Unsupported Media Type: the body must be application/json."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body's shape is wrong (items missing, not 1..100, an item without a uuid), or with all_or_none an item failed: nothing was stored, and data says why (the items that did not fail carry 424). */
            422: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Nothing was stored: 1 of 2 items failed.",
                     *       "data": [
                     *         {
                     *           "uuid": "550e8400-e29b-41d4-a716-446655440000",
                     *           "status": 424,
                     *           "message": "Failed Dependency"
                     *         },
                     *         {
                     *           "uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                     *           "status": 422,
                     *           "message": "The website field must be a valid URL.",
                     *           "errors": {
                     *             "website": [
                     *               "The website field must be a valid URL."
                     *             ]
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ValidationError"] | components["schemas"]["CustomerDetailsBatchResponse"];
                };
            };
            /** @description Over the caller's budget (RATE_LIMIT_PER_MINUTE per user, RATE_LIMIT_ANONYMOUS_PER_MINUTE per address without a valid token): nothing was done; send it again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Too Many Requests"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The service is shutting down (or cannot reach its database); retry later. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Service Unavailable"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCustomerDetailsHistory: {
        parameters: {
            query?: {
                /** @description Entries per page, 1 to 100; else 422. */
                per_page?: number;
                /** @description Opaque: the next_cursor or prev_cursor of a page; a forged one is a 422. */
                cursor?: string;
            };
            header?: never;
            path: {
                /**
                 * @description The customer's UUID.
                 * @example 550e8400-e29b-41d4-a716-446655440000
                 */
                uuid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the history. */
            200: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": 1,
                     *           "customer_id": 1,
                     *           "user_id": 1,
                     *           "door": "REST",
                     *           "method": "PATCH",
                     *           "created": true,
                     *           "changes": {
                     *             "annual_revenue": {
                     *               "old": null,
                     *               "new": "2000000"
                     *             },
                     *             "annual_revenue_currency": {
                     *               "old": null,
                     *               "new": "USD"
                     *             },
                     *             "employee_count": {
                     *               "old": null,
                     *               "new": 100
                     *             }
                     *           },
                     *           "created_at": "2025-11-20T12:00:00.000000Z"
                     *         }
                     *       ],
                     *       "path": "https://api.example.com/api/v1/customers/550e8400-e29b-41d4-a716-446655440000/details/history",
                     *       "per_page": 15,
                     *       "next_cursor": null,
                     *       "next_page_url": null,
                     *       "prev_cursor": null,
                     *       "prev_page_url": null
                     *     }
                     */
                    "application/json": components["schemas"]["CustomerDetailsHistoryPage"];
                };
            };
            /** @description Several Authorization headers. */
            400: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Bad Request"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, malformed, expired or badly signed token, or its user does not exist or is disabled. */
            401: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Unauthenticated."
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The user may not do this (to any customer, or to this one). */
            403: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Forbidden"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No customer with this uuid (also a malformed uuid). */
            404: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Customer not found"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description per_page out of range, or a cursor that was not issued for this customer. */
            422: {
                headers: {
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "The per page field must be between 1 and 100.",
                     *       "errors": {
                     *         "per_page": [
                     *           "The per page field must be between 1 and 100."
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ValidationError"];
                };
            };
            /** @description Over the caller's budget (RATE_LIMIT_PER_MINUTE per user, RATE_LIMIT_ANONYMOUS_PER_MINUTE per address without a valid token): nothing was done; send it again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Too Many Requests"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The service is shutting down (or cannot reach its database); retry later. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    /** @description The caller's budget: its name ("user" or "address"), quota and window in seconds, e.g. `"user";q=600;w=60`. */
                    "ratelimit-policy"?: string;
                    /** @description What is left of it after this request and the seconds until it is whole again, e.g. `"user";r=599;t=60`. */
                    ratelimit?: string;
                    /** @description The caller's x-request-id when it sent a sane one (1-128 visible ASCII characters), otherwise a new UUID. */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": "Service Unavailable"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
