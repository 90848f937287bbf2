// GET /submissions/{submissionId}/analytics and GET /participations/{participationId}/analytics, each
// mapped onto one GraphQL query. Window rules, sources and freshness: docs/analytics.md.
import { defineRoute, type RestInput } from "../../core/route.js";
import * as documents from "../../generated/operations.js";
import { idParameters } from "../dialect.js";
import * as examples from "./examples.js";
import * as schemas from "./schemas.js";
import { participationAnalyticsBody, submissionAnalyticsBody } from "./shapes.js";

const WINDOW_RULES =
  "Supports from, to, and bucket for date range and bucketing (defaults: to = now, from = to − 30 days, DAY up to 62 days and WEEK above; " +
  "weeks start Monday 00:00 UTC; at most 366 days). All timestamps are in UTC (ISO 8601 format with Z suffix).";

/** Instead of the dialect's id 400 and 404: the 400 also lists the window's rules, the 404 says "object" on both paths. */
const errors = (id: string) =>
  ({
    400: `A malformed ${id} id, a from/to that is not an ISO 8601 date-time or lies outside 1970–9999, from not before to, a window over 366 days, an unknown bucket, or DAY over more than 62 days`,
    404: "No such object, or the caller may not see it",
    503: true,
  }) as const;

const windowVariables = (query: RestInput["query"]) => ({ from: query.from, to: query.to, bucket: query.bucket });

export const getSubmissionAnalytics = defineRoute({
  method: "GET",
  path: "/submissions/{submissionId}/analytics",
  tag: "Analytics",
  summary: "Get submission analytics",
  description:
    "Returns read-only submission analytics with normalized metrics and money streams. Readable by the submission's creator, the campaign " +
    "owner (the brand paying for it) and admins. " +
    WINDOW_RULES,
  request: { params: idParameters({ submissionId: "submission_abc123" }), query: schemas.analyticsWindowQuery },
  operation: documents.RestSubmissionAnalyticsDocument,
  variables: ({ params, query }) => ({ submissionId: params.submissionId, ...windowVariables(query) }),
  respond: submissionAnalyticsBody,
  success: {
    status: 200,
    response: { description: "Submission analytics retrieved successfully", schema: schemas.submissionAnalyticsResponse, example: examples.submissionAnalyticsExample },
  },
  errors: errors("submission"),
});

export const getParticipationAnalytics = defineRoute({
  method: "GET",
  path: "/participations/{participationId}/analytics",
  tag: "Analytics",
  summary: "Get participation analytics",
  description:
    "Returns read-only participation analytics. Aggregates metrics from ACCEPTED submissions only, per platform and overall, and " +
    "explicitly marks which submissions are counted. Readable by the participating influencer, the campaign owner and admins. " +
    WINDOW_RULES,
  request: { query: schemas.analyticsWindowQuery },
  operation: documents.RestParticipationAnalyticsDocument,
  variables: ({ params, query }) => ({ participationId: params.participationId, ...windowVariables(query) }),
  respond: participationAnalyticsBody,
  success: {
    status: 200,
    response: { description: "Participation analytics retrieved successfully", schema: schemas.participationAnalyticsResponse, example: examples.participationAnalyticsExample },
  },
  errors: errors("participation"),
});

export const analyticsRoutes = [getSubmissionAnalytics, getParticipationAnalytics];
