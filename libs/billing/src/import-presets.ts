/**
 * Import presets (issue #19): ready-made import profiles for the session reports of common remote-support tools.
 *
 * A preset is a starting point, not a promise. Each one is built from the tool's public documentation (or, where the
 * vendor publishes only a client library, from that library), and the comment above it names the source and says
 * what the documentation did NOT settle. The admin checks a preset against a real export before the first import
 * and edits the copy saved as their profile (column names, time format, time zone, type values).
 *
 * Conventions shared by all presets:
 * - `timeZone` is 'UTC' unless the tool writes local times; then it is a placeholder the admin must set.
 * - `mergeGapMinutes` and `minSeconds` are 0 (bill every connection as reported) except where the tool's own
 *   billing documents merging or a minimum (TeamViewer's charge rates).
 * - `duration` is mapped only where the tool documents a duration field and its unit; with `end` also mapped, the
 *   engine uses it only when a row's end is missing or unreadable (start + duration).
 * - Fixtures written from these presets: test/fixtures/imports/ (README.md there lists every row's outcome).
 *
 * The presets are deeply frozen: copy one (e.g. `structuredClone(IMPORT_PRESETS.teamviewer.settings)`) to edit it.
 *
 * ImportMapping and ImportProfileSettings are declared in ./session-import (the engine); they are re-exported here
 * (the same symbols, so a barrel exporting both modules has no conflict).
 */
import type { ImportMapping, ImportProfileSettings } from './session-import';

export type { ImportMapping, ImportProfileSettings };

export type PresetName = 'zoho_assist' | 'teamviewer' | 'splashtop' | 'screenconnect' | 'beyondtrust' | 'anydesk';

/*
 * Zoho Assist — Reports API, GET /api/v2/reports (JSON).
 * Source: "Get Session Reports", https://www.zoho.com/assist/api/getsessionreports.html, and the attribute list
 * https://www.zoho.com/assist/api/reports.html.
 * Documented: the rows are the array `representation`; `session_id` (long, "Session key"); `start_time` and
 * `end_time` (long, Unix time in milliseconds: the example has start_time 1481369000053); `duration` (a string; the
 * example's "155493" is exactly end_time − start_time, so milliseconds); `session_owner_email` ("Owner of session");
 * `session_type`; `viewer_email`, `agent_email`, `display_name`.
 * Uncertain:
 * - session_type's values in the answer are not listed. The request's `type` filter takes rs | URS | DM | all, URS
 *   being unattended remote support, so 'URS' is taken as the unattended value ('unattended' is there as a hedge).
 *   Check it against a real answer.
 * - The technician: `session_owner_email` is used; `viewer_email` (the viewing side) is the alternative.
 * - The customer: the report has no company field. `display_name` is used (the customer's name in the example,
 *   an unattended computer's display name presumably); `agent_email` (the remote side's e-mail) is the alternative,
 *   but it may be empty for unattended computers.
 */
const ZOHO_ASSIST: ImportProfileSettings = {
  format: 'json',
  delimiter: null,
  jsonPath: 'representation',
  mapping: {
    externalId: 'session_id',
    start: 'start_time',
    end: 'end_time',
    duration: 'duration',
    technician: 'session_owner_email',
    type: 'session_type',
    customerKey: 'display_name',
  },
  timeFormat: 'epoch_ms',
  timeZone: 'UTC',
  durationUnit: 'ms',
  unattendedValues: ['URS', 'unattended'],
  mergeGapMinutes: 0,
  minSeconds: 0,
};

/*
 * TeamViewer — Web API connection reports, GET /api/v1/reports/connections (JSON).
 * Sources: TeamViewer's own PowerShell module TeamViewerPS (github.com/teamviewer/TeamViewerPS):
 * Get-TeamViewerConnectionReport.ps1 reads `$response.records` and pages with `next_offset`;
 * ConvertTo-TeamViewerConnectionReport.ps1 lists the record fields id, userid, username, deviceid, devicename,
 * groupid, groupname, support_session_type, start_date, end_date, session_code, fee, billing_state, currency, notes;
 * its tests show start_date '2017-02-03T14:10:50Z' (ISO 8601, UTC). TeamViewerPS.Types.ps1: support_session_type
 * 1 = RemoteConnection, 2 = RemoteSupportActive, 3 = RemoteSupportActiveSdk. The TeamViewer API documentation PDF
 * ("Reporting" chapter) describes the same endpoint; only its table of contents was readable here.
 * Merging: TeamViewer's knowledge-base article "Creating Charge Rates" (community.teamviewer.com, Knowledge Base,
 * ta-p/3966; teamviewer.com/…/create-charge-rates) documents, under a charge rate's Advanced settings, "Maximum
 * connection break to merge (minutes)", which "will automatically merge two connections if there was a break"
 * within it, and "Minimum connection duration (seconds)": connections shorter are not shown. Both are values the
 * TeamViewer admin chooses; no default is documented. mergeGapMinutes 5 and minSeconds 60 are this project's
 * choice (a reconnect after a reboot or a dropped line joins the session; a connect-and-cancel is not billed).
 * TeamViewer merges connections of the same device ID; this engine merges same technician and customer.
 * Uncertain:
 * - Attended vs unattended: no field says it. support_session_type 1 (RemoteConnection: a connection to a device's
 *   ID) covers both unattended access and a customer reading out ID and password, so it is not mapped and every
 *   row counts as attended. An admin who does attended work only through session codes (type 2) may map type to
 *   'support_session_type' with unattendedValues ['1'].
 * - The customer: `groupname` (the Computers & Contacts group of the device, commonly one group per customer) is
 *   used; `devicename` is the alternative.
 * - The Management Console's connection report can also be exported (Excel / CSV); its column headers are not
 *   documented, so this preset reads the API's JSON.
 */
const TEAMVIEWER: ImportProfileSettings = {
  format: 'json',
  delimiter: null,
  jsonPath: 'records',
  mapping: {
    externalId: 'id',
    start: 'start_date',
    end: 'end_date',
    duration: null,
    technician: 'username',
    type: null,
    customerKey: 'groupname',
  },
  timeFormat: 'iso',
  timeZone: 'UTC',
  durationUnit: 's',
  unattendedValues: [],
  mergeGapMinutes: 5,
  minSeconds: 60,
};

/*
 * Splashtop (Business Access, SOS, Remote Support) — web console Logs > Sessions, "Export as CSV".
 * Source: Splashtop support article "Logs" (support-splashtopbusiness.splashtop.com/hc/en-us/articles/360001692992):
 * session logs hold the names and IP addresses of the two devices, time, user and duration; "Type" is Local or
 * Remote (same network or not), NOT attended/unattended; attended and unattended logs are separate views; "Times
 * are based on the Time Zone in the Account Info"; "Export as CSV" downloads up to a year.
 * Uncertain — this preset is the least certain of all:
 * - The CSV's column headers and its date-time format are not published. 'Start Time', 'End Time', 'User' and
 *   'Computer Name' and the pattern 'yyyy-MM-dd HH:mm:ss' are placeholders to be corrected from a real export.
 * - No session id column is documented: externalId is null (the row's hash is its id).
 * - The duration column's format is not documented, so it is not mapped (start and end give the duration).
 * - Times are local (the account's time zone): 'Europe/Berlin' is a placeholder; set the Account Info zone.
 * - Unattended: the export of the unattended view carries no type column; every row counts as attended.
 * - Splashtop's Open API ("Retrieve logs (sessions …)", Splashtop Open API Reference PDF) could be an alternative
 *   source; its session-log fields were not readable here.
 */
const SPLASHTOP: ImportProfileSettings = {
  format: 'csv',
  delimiter: ',',
  jsonPath: null,
  mapping: {
    externalId: null,
    start: 'Start Time',
    end: 'End Time',
    duration: null,
    technician: 'User',
    type: null,
    customerKey: 'Computer Name',
  },
  timeFormat: 'yyyy-MM-dd HH:mm:ss',
  timeZone: 'Europe/Berlin',
  durationUnit: 'hms',
  unattendedValues: [],
  mergeGapMinutes: 0,
  minSeconds: 0,
};

/*
 * ConnectWise ScreenConnect (formerly Control) — Report Manager, report type "SessionConnection" (one row per
 * connection), exported as CSV.
 * Sources: the report service's field names as used by the AutomateAPI PowerShell module (github.com/gavsto/
 * AutomateAPI, Public/Get-ControlSession.ps1, "Field List from Control 20.7": report types "Session" and
 * "SessionConnection"; fields SessionID, SessionType ('Access', 'Meeting', 'Support'), Name, Host,
 * GuestMachineName, CustomProperty1…8; on SessionConnection: ProcessType ('Guest' / 'Host'), DisconnectedTime, and
 * the session's fields prefixed with "Session", e.g. SessionSessionType). A public ScreenConnect log ingestor reading
 * the SessionConnection CSV uses ConnectionID, ConnectedTime, DisconnectedTime, DurationSeconds, ParticipantName,
 * ProcessType, SessionName, SessionSessionType and SessionCustomProperty1 (the customer) and reads the times as UTC.
 * ConnectWise's own Report Manager documentation was not found in the searchable copies.
 * Uncertain:
 * - MUST filter: run the report with ProcessType = 'Host' (technicians' connections). Guest rows are the remote
 *   agent's own connections — for Access sessions they last for days — and this preset cannot filter them out.
 * - The CSV's time format depends on the server; 'iso' (with or without offset) read as UTC is assumed.
 * - The customer: SessionCustomProperty1 (the first session property, which many setups name "Company"); use the
 *   column of whichever property holds the customer. SessionName (the machine) is the alternative.
 * - A per-session report ("Session": Host, GuestMachineName, HostDurationSeconds, no start/end of each connection)
 *   cannot give connection times, hence SessionConnection.
 */
const SCREENCONNECT: ImportProfileSettings = {
  format: 'csv',
  delimiter: ',',
  jsonPath: null,
  mapping: {
    externalId: 'ConnectionID',
    start: 'ConnectedTime',
    end: 'DisconnectedTime',
    duration: 'DurationSeconds',
    technician: 'ParticipantName',
    type: 'SessionSessionType',
    customerKey: 'SessionCustomProperty1',
  },
  timeFormat: 'iso',
  timeZone: 'UTC',
  durationUnit: 's',
  unattendedValues: ['Access'],
  mergeGapMinutes: 0,
  minSeconds: 0,
};

/*
 * BeyondTrust Remote Support (formerly Bomgar) — reporting API, generate_report=SupportSession (or
 * SupportSessionListing), flattened to CSV with one column per element.
 * Sources: BeyondTrust "Reporting API" (beyondtrust.com/docs/remote-support/how-to/integrations/api/reporting/,
 * docs.beyondtrust.com/rs/docs/reporting-api): the API answers XML only (schema at /api/reporting.xsd) with "the same
 * data as the session reports of /login"; "Download reports with SupportSession" (…/reporting/supportsession.htm):
 * times given to it are UNIX timestamps (UTC). The element names come from a public Bomgar→service-desk integration
 * that parses that XML: <session lsid=…>, <primary_rep id=…>name</primary_rep>, <start_time timestamp=…>,
 * <end_time timestamp=…>, <duration>, <primary_customer>, <external_key>, <customer_list><customer><info>
 * <company>.
 * This engine reads CSV and JSON, not XML: the admin converts the XML (one row per <session>; the columns named
 * after the elements; start_time and end_time from their `timestamp` attribute, in seconds), or adjusts the column
 * names to the CSV the /login session report downloads, whose headers are not documented.
 * Uncertain:
 * - The <duration> text's format is assumed to be H:MM:SS / HH:MM:SS.
 * - Jump sessions (unattended, through Jump Clients) are not told apart by any element verified here; type is not
 *   mapped and every row counts as attended.
 * - The customer: `company` (customer info) is used; for Jump Client sessions the Jump Group's name is the
 *   likelier customer key (column jump_group).
 */
const BEYONDTRUST: ImportProfileSettings = {
  format: 'csv',
  delimiter: ',',
  jsonPath: null,
  mapping: {
    externalId: 'lsid',
    start: 'start_time',
    end: 'end_time',
    duration: 'duration',
    technician: 'primary_rep',
    type: null,
    customerKey: 'company',
  },
  timeFormat: 'epoch_s',
  timeZone: 'UTC',
  durationUnit: 'hms',
  unattendedValues: [],
  mergeGapMinutes: 0,
  minSeconds: 0,
};

/*
 * AnyDesk — my.anydesk REST API, GET /sessions (JSON).
 * Sources: AnyDesk "my.anydesk I REST API" (support.anydesk.com/docs/rest-api): the API retrieves session history
 * for a time range, "e.g. to automate billing"; its full reference is only in the customer portal's Files tab.
 * Field names from AnyDesk's official Python module (github.com/anydesk/rest-api; copy anydeskgitofficial/rest-api,
 * anydesk/api.py): rows in `list`; each has `sid`, `from` {cid, alias}, `to` {cid, alias}, `active`, `start-time`,
 * `end-time`, `duration`, `comment`; the module turns start-time with time.gmtime() (Unix seconds, UTC) and its
 * CSV export labels duration "Total duration in Seconds".
 * Uncertain:
 * - No field tells attended from unattended access; every row counts as attended.
 * - The technician is the outgoing side, `from.alias` (or `from.cid`); the customer is the incoming side,
 *   `to.alias` (or `to.cid`, always present; aliases may be missing). A session's `comment` is the other place
 *   MSPs write the customer.
 * - An active session (`active`: true) has no end yet: import it once it has ended.
 * - The my.anydesk web console's own session export (CSV) has undocumented headers.
 */
const ANYDESK: ImportProfileSettings = {
  format: 'json',
  delimiter: null,
  jsonPath: 'list',
  mapping: {
    externalId: 'sid',
    start: 'start-time',
    end: 'end-time',
    duration: 'duration',
    technician: 'from.alias',
    type: null,
    customerKey: 'to.alias',
  },
  timeFormat: 'epoch_s',
  timeZone: 'UTC',
  durationUnit: 's',
  unattendedValues: [],
  mergeGapMinutes: 0,
  minSeconds: 0,
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
  }
  return value;
}

export const IMPORT_PRESETS: Readonly<Record<PresetName, { label: string; source: string; settings: ImportProfileSettings }>> = deepFreeze({
  zoho_assist: {
    label: 'Zoho Assist (Reports API, JSON)',
    source: 'https://www.zoho.com/assist/api/getsessionreports.html',
    settings: ZOHO_ASSIST,
  },
  teamviewer: {
    label: 'TeamViewer (Web API connection reports, JSON)',
    source:
      'TeamViewer Web API GET /api/v1/reports/connections (github.com/teamviewer/TeamViewerPS); charge rates: TeamViewer KB "Creating Charge Rates"',
    settings: TEAMVIEWER,
  },
  splashtop: {
    label: 'Splashtop (session logs, CSV export) — check the column names',
    source: 'https://support-splashtopbusiness.splashtop.com/hc/en-us/articles/360001692992-Logs',
    settings: SPLASHTOP,
  },
  screenconnect: {
    label: 'ConnectWise ScreenConnect (Report Manager, SessionConnection CSV, Host connections)',
    source: 'ScreenConnect report service fields (github.com/gavsto/AutomateAPI, Get-ControlSession.ps1)',
    settings: SCREENCONNECT,
  },
  beyondtrust: {
    label: 'BeyondTrust Remote Support (reporting API SupportSession, flattened to CSV)',
    source: 'https://www.beyondtrust.com/docs/remote-support/how-to/integrations/api/reporting/supportsession.htm',
    settings: BEYONDTRUST,
  },
  anydesk: {
    label: 'AnyDesk (my.anydesk REST API sessions, JSON)',
    source: 'https://support.anydesk.com/docs/rest-api; github.com/anydesk/rest-api (anydesk/api.py)',
    settings: ANYDESK,
  },
});
