// The legacy task paths (docs/legacy-api.md, "Tasks"). A task id is its participation's legacy id; the id
// /api/task/custom/ answers is a brief's (docs/legacy-api.md, "The task model").
import * as documents from "../../generated/operations.js";
import { arrayOf, enumOf, integer, nullable, object, string } from "../../core/json-schema.js";
import type { JsonSchema } from "../../core/route.js";
import { found, RestFailure } from "../../core/failure.js";
import { validationFailure } from "../../core/request.js";
import { parseContentUrl } from "../../../src/submissions/content-url.js";
import { decimal, idBody, legacyIdField, legacyRoute, successAnswer, successSchema } from "../dialect.js";
import { centsFromDecimal, dayStart, lowerEnum, upperEnum } from "../codecs.js";
import type { TaskAction, TaskStatus } from "../../generated/operations.js";
import { appTask, appTaskSchema, backOfficeTask, backOfficeTaskSchema, deadlineOf, isoOf, postPayment, TASK_STATUSES } from "./shapes.js";

const taskIdBody = idBody("task_id", "task", "id", "participationId");
const UNSEEN = { 404: "No such task" };
const NOT_YOURS = "another advertiser's or influencer's";
const url = (description: string): JsonSchema => string(description, { format: "uri", maxLength: 2048 });
/** One value or a list of them (a form sends `a=x` or `a[]=x&a[]=y`). */
const oneOrMore = (item: JsonSchema, description: string): JsonSchema => ({ description, anyOf: [item, arrayOf(item, description, { maxItems: 30 })] });
const listOf = (value: string | string[] | undefined) => (value === undefined ? undefined : [value].flat());
const ACTION_MESSAGES: Record<TaskAction, string> = { APPROVE: "Task approved", REJECT: "Task rejected", COMPLETE: "Task completed", PAY: "Task paid" };

const getTasks = legacyRoute({
  path: "/api/get/tasks/",
  description: "The user's task in the campaign, through its brief: at most one, none before joining.",
  ...idBody("campaign_id", "campaign", "campaignId"),
  operation: documents.LegacyTasksDocument,
  variables: (body) => ({ campaignId: String(body.campaign_id) }),
  respond: (data) => ({ tasks: [found(data.campaign, "Campaign").viewerParticipation].flatMap((task) => (task ? [appTask(task)] : [])) }),
  response: object({ tasks: arrayOf(appTaskSchema, "The user's tasks") }),
  errors: { 403: "A campaign the user may not see", 404: "No such campaign" },
});

const completeTask = legacyRoute({
  path: "/api/action/task/complete/",
  description: "Submits the task's post (`submitContent`); a post the campaign's rules refuse is 409 naming the reason. `screenshots` are checked, not kept.",
  body: {
    task_id: legacyIdField("task"),
    post_url: url("The post on instagram, tiktok, facebook or youtube"),
    screenshots: oneOrMore(url("A screenshot"), "Screenshots"),
    hashtags: oneOrMore(string("A hashtag", { maxLength: 100 }), "The post's hashtags"),
    mentions: oneOrMore(string("An account", { maxLength: 100 }), "The accounts it mentions"),
  },
  required: ["task_id", "post_url"],
  fieldNames: { participationId: "task_id", contentUrl: "post_url", declaredHashtags: "hashtags", declaredMentions: "mentions" },
  operation: documents.LegacyCompleteTaskDocument,
  variables: (body) => {
    const post = parseContentUrl(body.post_url);
    if (!post) throw validationFailure({ post_url: "is not the URL of a post on instagram, tiktok, facebook or youtube" });
    const { task_id, post_url, hashtags, mentions } = body;
    return { input: { participationId: String(task_id), platform: post.platform, contentUrl: post_url, declaredHashtags: listOf(hashtags), declaredMentions: listOf(mentions) } };
  },
  respond: ({ submitContent: { submission, participation } }) => {
    if (submission.status !== "REJECTED") return successAnswer("Task completed successfully", { payment: postPayment(participation) });
    throw new RestFailure(409, "CONFLICT", `The post does not meet the campaign's requirements: ${lowerEnum(submission.rejectionReason ?? "")}`);
  },
  response: successSchema({ payment: decimal("What an accepted post pays") }),
  errors: { 403: `Not the task's influencer (${NOT_YOURS} task)`, ...UNSEEN, 409: "The rules refuse the post, it is already submitted, or the task is final" },
});

const leaveTask = legacyRoute({
  path: "/api/action/task/leave/",
  description: "The user leaves its task (`leaveParticipation`, final); again answers the same.",
  ...taskIdBody,
  operation: documents.LegacyLeaveTaskDocument,
  variables: (body) => ({ id: String(body.task_id) }),
  message: "Task left successfully",
  errors: { 403: `Not the task's influencer (${NOT_YOURS} task)`, ...UNSEEN, 409: "The task is rejected or completed" },
});

const listTasks = legacyRoute({
  path: "/api/tasks/",
  description: "Tasks of one advertiser (first), else of one campaign, else with one status, else all the caller may see; at most 100, newest first.",
  body: { advertiser_id: legacyIdField("advertiser"), campaign_id: legacyIdField("campaign"), status: enumOf(TASK_STATUSES, "Only tasks with this status") },
  fieldNames: { "filter.advertiserId": "advertiser_id", "filter.campaignId": "campaign_id" },
  operation: documents.LegacyBackOfficeTasksDocument,
  variables: ({ advertiser_id, campaign_id, status }) => ({
    filter:
      advertiser_id !== undefined ? { advertiserId: String(advertiser_id) }
      : campaign_id !== undefined ? { campaignId: String(campaign_id) }
      : status !== undefined ? { taskStatuses: [upperEnum(status) as TaskStatus] }
      : null,
  }),
  respond: (data) => data.backOfficeTasks.edges.map(({ node }) => backOfficeTask(node)),
  response: arrayOf(backOfficeTaskSchema, "Tasks"),
  errors: { 403: "An influencer, or a brand naming another advertiser or its campaign", 404: "No such advertiser or campaign" },
});

const taskStatus = legacyRoute({
  path: "/api/task/status/",
  description: "A task's status, the day it was assigned (joined) and its deadline (the brief's, else the campaign's end), UTC.",
  ...taskIdBody,
  operation: documents.LegacyTaskStatusDocument,
  variables: (body) => ({ id: String(body.task_id) }),
  respond: (data) => {
    const task = found(data.backOfficeTask, "Task");
    return { status: lowerEnum(task.taskStatus), assigned_date: isoOf(task.createdAt).slice(0, 10), deadline: deadlineOf(task)?.slice(0, 10) ?? null };
  },
  response: object({ status: enumOf(TASK_STATUSES, "Status"), assigned_date: string("Day", { format: "date" }), deadline: nullable(string("Day", { format: "date" })) }),
  errors: { 403: `An influencer, or ${NOT_YOURS} task`, ...UNSEEN },
});

const taskActions = legacyRoute({
  path: "/api/task/actions/",
  description: "The owner or an admin approves, rejects, completes or pays a task (`actOnTask`); a move its status does not allow is 409.",
  body: { task_id: legacyIdField("task"), action: enumOf(["approve", "reject", "complete", "pay"], "What to do") },
  required: ["task_id", "action"],
  fieldNames: { participationId: "task_id" },
  operation: documents.LegacyTaskActionDocument,
  variables: (body) => ({ input: { participationId: String(body.task_id), action: upperEnum(body.action) as TaskAction } }),
  respond: (data) => successAnswer(ACTION_MESSAGES[data.actOnTask.action]),
  errors: { 403: `An influencer, or ${NOT_YOURS} task`, ...UNSEEN, 409: "The task's status does not allow the action, or nothing is payable" },
});

const customTask = legacyRoute({
  path: "/api/task/custom/",
  description: "The owner or an admin adds a brief (`createCampaignTask`); `task_id` is the brief's id, which influencers who join from now on work on.",
  body: {
    campaign_id: legacyIdField("campaign"),
    title: string("Title", { minLength: 1, maxLength: 200 }),
    description: string("What to post", { maxLength: 10_000 }),
    requirements: string("What the post must do", { maxLength: 10_000 }),
    deadline: { anyOf: [string("A UTC day", { format: "date" }), string("A date-time", { format: "date-time" })] },
    payment: { description: "A decimal in the campaign currency", anyOf: [{ type: "number", minimum: 0 }, string("Decimal", { pattern: "^\\d{1,13}(\\.\\d{1,2})?$" })] },
  },
  required: ["campaign_id", "title"],
  fieldNames: { campaignId: "campaign_id", paymentCents: "payment" },
  operation: documents.LegacyCustomTaskDocument,
  variables: ({ campaign_id, title, description, requirements, deadline, payment }) => {
    const paymentCents = payment === undefined ? undefined : centsFromDecimal(payment);
    if (paymentCents === undefined && payment !== undefined) throw validationFailure({ payment: "must have at most 2 decimals" });
    const dayEnd = deadline && dayStart(deadline, true);
    const due = dayEnd ? new Date(Date.parse(dayEnd) - 1000).toISOString() : deadline;
    return { input: { campaignId: String(campaign_id), title, description, requirements, deadline: due, paymentCents } };
  },
  respond: (data) => ({ status: "success", task_id: data.createCampaignTask.task.legacyId, message: "Custom task created" }),
  response: successSchema({ task_id: integer("The new brief's id") }),
  errors: { 403: "Not the campaign's owner or an admin", 404: "No such campaign", 409: "The campaign is completed or cancelled" },
});

export const taskRoutes = [getTasks, completeTask, leaveTask, listTasks, taskStatus, taskActions, customTask];
