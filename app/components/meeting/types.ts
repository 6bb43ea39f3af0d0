import type { SerializeFrom } from "@remix-run/node";
import type { getMeetingFor, meetingPagePickers } from "~/services/meeting-queries.server";

export type MeetingView = SerializeFrom<Awaited<ReturnType<typeof getMeetingFor>>>;
export type Pickers = SerializeFrom<Awaited<ReturnType<typeof meetingPagePickers>>>;
