import { httpStatusOf } from "../../errors";
import { detailsEtag, detailsJson } from "../details/details.json";
import type { BatchOutcome } from "./batch.types";

export const FAILED_DEPENDENCY = { status: 424, message: "Failed Dependency" } as const;

/**
 * `{"data": [...]}`, one entry per item in the items' order (docs/behaviour.md section 16). Written by hand around the
 * single door's details writer, so that money stays exact. A written item also carries its ETag, the value an
 * item's `if_match` takes.
 */
export function batchJson(outcomes: BatchOutcome[], message?: string): string {
  const data = outcomes.map(outcomeJson).join(",");
  return `{${message === undefined ? "" : `"message":${JSON.stringify(message)},`}"data":[${data}]}`;
}

function outcomeJson(outcome: BatchOutcome): string {
  const uuid = `"uuid":${JSON.stringify(outcome.uuid)}`;
  switch (outcome.kind) {
    case "written":
      return `{${uuid},"status":200,"etag":${JSON.stringify(detailsEtag(outcome.view))},"details":${detailsJson(outcome.view)}}`;
    case "skipped":
      return `{${uuid},"status":${FAILED_DEPENDENCY.status},"message":${JSON.stringify(FAILED_DEPENDENCY.message)}}`;
    case "failed": {
      const { error } = outcome;
      const errors = error.fieldErrors ? `,"errors":${JSON.stringify(error.fieldErrors)}` : "";
      return `{${uuid},"status":${httpStatusOf(error.code)},"message":${JSON.stringify(error.message)}${errors}}`;
    }
  }
}
