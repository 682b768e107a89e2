export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process runs */
        get: operations["health.alive"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: PostgreSQL answers and every registered dependency is up (503 otherwise) */
        get: operations["health.ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agencies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every funding agency */
        get: operations["agencies.list"];
        put?: never;
        /** Add a funding agency (administrators) */
        post: operations["agencies.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agencies/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One funding agency by its code */
        get: operations["agencies.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change an agency's names in English and Japanese (administrators) */
        patch: operations["agencies.update"];
        trace?: never;
    };
    "/api/v1/programs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The program catalog: kinds of call with their rules and workflows */
        get: operations["programs.list"];
        put?: never;
        /** Add a program (administrators) */
        post: operations["programs.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/programs/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One program by its code */
        get: operations["programs.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/programs/{code}/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Publish registered workflow versions for the calls created from now on (administrators) */
        put: operations["programs.publish"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calls your agencies take part in */
        get: operations["calls.list"];
        put?: never;
        /** Create a joint call (PO or PD of the lead agency) */
        post: operations["calls.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One call with its state, version, allowed events and progress */
        get: operations["calls.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Move the call's dates (its opening and closing timers move with them) or change its texts in either language */
        patch: operations["calls.updateDates"];
        trace?: never;
    };
    "/api/v1/calls/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a workflow event; answers the resource in its new state with the transition */
        post: operations["calls.sendEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every transition: who, when, event, from, to; ?verify=true checks the hash chain */
        get: operations["calls.history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The proposals you may see, filtered, searched, sorted and paged */
        get: operations["proposals.list"];
        put?: never;
        /** Create a joint proposal in an open call (applicants) */
        post: operations["proposals.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One proposal with its state, version, allowed events and progress */
        get: operations["proposals.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Edit a draft proposal's text, research period, parties and budgets (its applicants, while drafting) */
        patch: operations["proposals.update"];
        trace?: never;
    };
    "/api/v1/proposals/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a workflow event; answers the resource in its new state with the transition */
        post: operations["proposals.sendEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every transition: who, when, event, from, to; ?verify=true checks the hash chain */
        get: operations["proposals.history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The people invited to the proposal's parties, with whether they accepted */
        get: operations["parties.members"];
        put?: never;
        /** Invite a party's principal investigator or a team member by e-mail (the lead PI, while drafting) */
        post: operations["parties.invite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/members/{memberId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Take an invitation or a member back (the lead PI, while drafting) */
        delete: operations["parties.removeMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/invitation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your invitation to the proposal's party (matched by your account's e-mail address) */
        get: operations["parties.invitation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/invitation/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept your invitation: you become a member of the party */
        post: operations["parties.accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/conflicts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The conflicts of interest the applicants declared, with their type */
        get: operations["parties.conflicts"];
        put?: never;
        /** Declare a person who must not review the proposal, with the type of tie (applicants and PIs, while drafting) */
        post: operations["parties.declare"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/conflicts/{conflictId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw a declared conflict (whoever declared it, or the lead PI its own party's; while drafting) */
        delete: operations["parties.removeConflict"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A proposal's documents, every version of each type (newest first), with the types its program requires and those still missing */
        get: operations["documents.list"];
        put?: never;
        /** Upload a document (the proposal's applicants, while it is drafted or more information is requested): a new version of its type */
        post: operations["documents.upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/documents/{documentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of a proposal's document: its name, type, size and SHA-256 */
        get: operations["documents.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/documents/{documentId}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a document: an attachment, its SHA-256 in `Repr-Digest` and `ETag` */
        get: operations["documents.download"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/revisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A proposal's revisions, oldest first: who changed what and when, and which revision answered an information request */
        get: operations["documents.revisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/revisions/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What changed between two revisions: field by field, texts word by word, in words */
        get: operations["documents.diff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/revisions/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One revision: the proposal as it stood after it */
        get: operations["documents.revision"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your in-app notifications, unread first */
        get: operations["inbox.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark all your notifications read */
        post: operations["inbox.readAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one notification read */
        post: operations["inbox.read"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Notifications by delivery status (failed by default), with their last error */
        get: operations["notificationsAdmin.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/notifications/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send failed notifications again, by id or every one matching the filters */
        post: operations["notificationsAdmin.retryMany"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/notifications/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send one failed notification again */
        post: operations["notificationsAdmin.retry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/agencies/{code}/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An agency's webhook (administrators) */
        get: operations["notificationsAdmin.webhook"];
        /** Set an agency's webhook URL and signing secret */
        put: operations["notificationsAdmin.setWebhook"];
        post?: never;
        /** Remove an agency's webhook (administrators) */
        delete: operations["notificationsAdmin.removeWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agencies/{code}/reviewers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The agency's reviewer pool (its officers, PO and PD) */
        get: operations["reviewers.list"];
        put?: never;
        /** Adds a user to the agency's reviewer pool, with institution, expertise and recent co-authors */
        post: operations["reviewers.add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agencies/{code}/reviewers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Takes a reviewer out of the agency's pool (409 for one with assignments: they stay) */
        delete: operations["reviewers.remove"];
        options?: never;
        head?: never;
        /** Updates a reviewer's profile (conflict detection reads it) */
        patch: operations["reviewers.update"];
        trace?: never;
    };
    "/api/v1/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your own assignments as a reviewer; your agencies' assignments as their staff */
        get: operations["assignments.list"];
        put?: never;
        /** Invites a reviewer of your agency's pool to a proposal under review (refused with the reasons of any conflict of interest) */
        post: operations["assignments.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assignments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One review assignment, with your review as its reviewer */
        get: operations["assignments.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assignments/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a workflow event; answers the resource in its new state with the transition */
        post: operations["assignments.sendEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assignments/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every transition: who, when, event, from, to; ?verify=true checks the hash chain */
        get: operations["assignments.history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/assignments/proposed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A proposed assignment of the whole call for your agency: minimum reviewers, no conflicts, balanced load, expertise matched (nothing is written) */
        post: operations["callReview.propose"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/assignments/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirms a proposed (or adjusted) assignment in one action: every invitation or none */
        post: operations["callReview.bulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/ranking": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The joint ranking, each agency's own rank, and every manual move with its reason */
        get: operations["callReview.ranking"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/joint-ranking": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** e-ASIA: the Program Secretariat, each agency's ordered ranking, the joint ranking compiled from them with its merge rule (which, by whom, when), and the proposals your agency has to rank */
        get: operations["callReview.jointRanking"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/selection/proposed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The service's proposed selection in ranking order within every agency's envelope, with per-agency budget use; beside it, each agency's recorded decision per item and the budget its decisions hold */
        get: operations["callReview.selection"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/exports/assignments.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The assignments you manage of the proposals you see (streamed as it is read) */
        get: operations["callReview.exportAssignments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/exports/reviews.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The reviews you may see, with only the fields you may see (streamed as it is read) */
        get: operations["callReview.exportReviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/exports/ranking.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The joint ranking of the proposals you see (streamed as it is read) */
        get: operations["callReview.exportRanking"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/exports/selection.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One agency's proposed selection beside its decisions (streamed as it is written) */
        get: operations["callReview.exportSelection"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/exports/board-decisions.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The board's decisions on the proposals you see (streamed as it is read) */
        get: operations["callReview.exportBoard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The reviews of the proposal you may see, with the fields you may see */
        get: operations["proposalReview.reviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/panel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every agency's assessment side by side, the panel's consensus and the agencies' sign-offs */
        get: operations["proposalReview.panel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/research-units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The IRCC research units of your agencies */
        get: operations["researchUnits.list"];
        put?: never;
        /** Propose an IRCC research unit with its partner institute abroad (PO or PD of NINS) */
        post: operations["researchUnits.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/research-units/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One research unit with its state, allowed events and the fellow calls raised from it */
        get: operations["researchUnits.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/research-units/{id}/fellow-call": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Raise the open call for an established unit's research fellow with its partner (PO or PD of NINS) */
        post: operations["researchUnits.raiseFellowCall"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/research-units/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a workflow event; answers the resource in its new state with the transition */
        post: operations["researchUnits.sendEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/research-units/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every transition: who, when, event, from, to; ?verify=true checks the hash chain */
        get: operations["researchUnits.history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/duplicate-funding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The proposal's duplicate-funding check (staff of its agencies): each researcher's overlapping proposals and awards in any call, their effort added up against the program's limit, the agencies' twins with their differences, and the PD's rulings. An overlap you may not see shows only its period and effort. */
        get: operations["duplicateFunding.check"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/twins/{agency}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Record the agency's twin of the proposal in its own system (an officer, PO or PD of that agency): its reference and key fields, compared with the proposal */
        put: operations["duplicateFunding.saveTwin"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/proposals/{id}/duplicate-funding/rulings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A program director's ruling on the check (cleared, requires adjustment, unreasonable duplication, excessive concentration): a step of the proposal's log */
        post: operations["duplicateFunding.rule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calls/{id}/exports/duplicate-funding.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The duplicate-funding checks of the call's proposals you read, as CSV streamed proposal by proposal: one line per researcher and overlap */
        get: operations["duplicateFunding.exportCall"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your batches (with callId: that call’s, such as its cancellation), newest first, without items */
        get: operations["bulk.list"];
        put?: never;
        /** Send one event to each selected proposal or assignment, each through the pipeline on its own, as a queued job; answers the batch (202) */
        post: operations["bulk.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The batch: its state, counts by result and every item’s result */
        get: operations["bulk.read"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk/{id}/report.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The report: one CSV line per item with its result */
        get: operations["bulk.report"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel: the items not yet run are skipped as cancelled */
        post: operations["bulk.cancel"];
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
        AgencyNamesDto: {
            /** @example Japan Science and Technology Agency */
            en?: string;
            /** @example 科学技術振興機構 */
            ja?: string;
        };
        CreateAgencyDto: {
            /** @example NSF */
            code: string;
            /**
             * @description The name in English
             * @example National Science Foundation
             */
            name: string;
            /** @description The name in English and Japanese (`names.en` is `name`) */
            names?: components["schemas"]["AgencyNamesDto"];
            /** @example US */
            country: string;
            /** @example USD */
            currency: string;
            /**
             * @description A government organisation of its country (a J-RAPID call's counterpart must be one); default false
             * @example true
             */
            governmental?: boolean;
        };
        UpdateAgencyDto: {
            /** @description The names to change; the others stay */
            names?: components["schemas"]["AgencyNamesDto"];
            /**
             * @description Whether the agency is a government organisation of its country (a J-RAPID call's counterpart must be one)
             * @example true
             */
            governmental?: boolean;
        };
        RegionRuleDto: {
            /** @enum {string} */
            region: "europe" | "asia" | "americas" | "africa" | "oceania";
            /** @example 2 */
            min: number;
        };
        CreateProgramDto: {
            /** @example sicorp-bilateral */
            code: string;
            name: string;
            description?: string;
            /** @example sicorp-joint-call@1 */
            callWorkflow: string;
            /** @example sicorp-joint-proposal@1 */
            proposalWorkflow: string;
            /** @example 2 */
            minAgencies: number;
            /** @example 2 */
            maxAgencies?: number;
            /** @example 36 */
            durationMinMonths: number;
            /** @example 60 */
            durationMaxMonths: number;
            /** @example 5000000 */
            jstBudgetMinPerYear?: number;
            /** @example 100000000 */
            jstBudgetMaxPerYear?: number;
            /**
             * @description Agencies every call must include
             * @example [
             *       "JST"
             *     ]
             */
            mustInclude?: string[];
            /** @description At least `min` agencies of a region (by their country) */
            regions?: components["schemas"]["RegionRuleDto"][];
            /**
             * @description The agencies come from at least this many countries
             * @example 3
             */
            minCountries?: number;
            /**
             * @description Who receives a proposal: every agency of the call, or its parties' agencies only
             * @enum {string}
             */
            routing?: "all" | "parties";
            /**
             * @description With routing by parties: the fewest parties a proposal has
             * @example 3
             */
            minParties?: number;
            /**
             * @description Document types a proposal must have before it is submitted
             * @example [
             *       "research-plan",
             *       "cv"
             *     ]
             */
            requiredDocuments?: ("research-plan" | "cv" | "budget-sheet" | "letter-of-support" | "other")[];
        };
        PublishWorkflowsDto: {
            /** @example sicorp-joint-call@1 */
            callWorkflow?: string;
            /** @example sicorp-joint-proposal@2 */
            proposalWorkflow?: string;
        };
        CallTitlesDto: {
            /** @example Japan-US joint call on resilient infrastructure 2027 */
            en?: string;
            /** @example レジリエントなインフラに関する日米共同公募 2027 */
            ja?: string;
        };
        CallDescriptionsDto: {
            en?: string;
            ja?: string;
        };
        CallAgencyDto: {
            /** @example JST */
            code: string;
            /** @enum {string} */
            role: "lead" | "counterpart";
            /**
             * @description The agency's budget envelope for the whole call. Only for calls that are not co-owned (version 1 call workflows): in a co-owned call each agency approves its own envelope per fiscal year (APPROVE_PARTICIPATION)
             * @example 600000000
             */
            budgetEnvelope?: number;
            /**
             * @description Most the agency funds one project per year. As budgetEnvelope: set by the agency itself in a co-owned call
             * @example 30000000
             */
            capPerProjectPerYear?: number;
            /**
             * @description Defaults to the agency's currency
             * @example JPY
             */
            currency?: string;
        };
        DisasterDto: {
            /** @example Magnitude 7.8 earthquake and tsunami */
            what: string;
            /**
             * @description The day it struck (YYYY-MM-DD)
             * @example 2027-02-06
             */
            occurredOn: string;
            /** @example Kahramanmaraş and neighbouring provinces */
            where: string;
        };
        CreateCallDto: {
            /**
             * @description The title in the authoritative language (the shape before `titles`); one of `title` or `titles` is required
             * @example Japan-US joint call on resilient infrastructure 2027
             */
            title?: string;
            /** @description The title in English and Japanese */
            titles?: components["schemas"]["CallTitlesDto"];
            /** @description The description in the authoritative language */
            description?: string;
            /** @description The description in English and Japanese */
            descriptions?: components["schemas"]["CallDescriptionsDto"];
            /**
             * @description Languages whose version must exist before the call is announced or opened (the authoritative one always is); default: the authoritative one
             * @example [
             *       "en",
             *       "ja"
             *     ]
             */
            requiredLanguages?: ("en" | "ja")[];
            /** @example sicorp-bilateral */
            program: string;
            /**
             * @description The language whose version governs; default: the program's, else the language of the only title given, else English
             * @example ja
             * @enum {string}
             */
            authoritativeLanguage?: "en" | "ja";
            /** @description The call's agencies, one of them the lead; how many, the program says (IRCC workshop support: NINS alone) */
            agencies: components["schemas"]["CallAgencyDto"][];
            /** @example 2027-01-10T00:00:00Z */
            opensAt: string;
            /** @example 2027-03-31T08:00:00Z */
            submissionDeadline: string;
            reviewDue?: string;
            panelDate?: string;
            boardDate?: string;
            /**
             * @description Shortest research period this call allows (within its program's)
             * @example 36
             */
            durationMinMonths?: number;
            /**
             * @description Longest research period this call allows (within its program's)
             * @example 60
             */
            durationMaxMonths?: number;
            /** @description The IRCC research unit this call is the open fellow call of (programs raised from a research unit: required, and the unit must be established) */
            researchUnitId?: string;
            /** @description The disaster the call answers (J-RAPID: required; other programs: refused) */
            disaster?: components["schemas"]["DisasterDto"];
            /**
             * @description ISO 3166-1 alpha-2 code of the country the disaster struck (J-RAPID: required; its counterpart agency must be this country's government organisation)
             * @example TR
             */
            affectedCountry?: string;
        };
        UpdateCallDatesDto: {
            /**
             * @description The title in the authoritative language (the shape before `titles`); one of `title` or `titles` is required
             * @example Japan-US joint call on resilient infrastructure 2027
             */
            title?: string;
            /** @description The title in English and Japanese */
            titles?: components["schemas"]["CallTitlesDto"];
            /** @description The description in the authoritative language */
            description?: string;
            /** @description The description in English and Japanese */
            descriptions?: components["schemas"]["CallDescriptionsDto"];
            /**
             * @description Languages whose version must exist before the call is announced or opened (the authoritative one always is); default: the authoritative one
             * @example [
             *       "en",
             *       "ja"
             *     ]
             */
            requiredLanguages?: ("en" | "ja")[];
            /** @example 2027-01-10T00:00:00Z */
            opensAt?: string;
            /** @example 2027-03-31T08:00:00Z */
            submissionDeadline?: string;
            /** Format: date-time */
            reviewDue?: string | null;
            /** Format: date-time */
            panelDate?: string | null;
            /** Format: date-time */
            boardDate?: string | null;
        };
        PartyDto: {
            /**
             * @description The agency that funds this party's side
             * @example JST
             */
            agency: string;
            /** @example Hanako Sato */
            piName: string;
            /** @example hanako.sato@example.ac.jp */
            piEmail?: string;
            /** @example Tohoku University */
            institution: string;
            /** @example JP */
            country: string;
            /**
             * @description Amount requested from the party's agency for each project year; may be left out when `budgetByCategory` is given (its yearly sums)
             * @example [
             *       20000000,
             *       20000000,
             *       20000000
             *     ]
             */
            budgetPerYear: number[];
            /**
             * @description The same years by the program's cost categories (goods, personnel, travel, workshops, other); each year's amounts add up to its total
             * @example [
             *       {
             *         "goods": 8000000,
             *         "personnel": 8000000,
             *         "travel": 2000000,
             *         "workshops": 1000000,
             *         "other": 1000000
             *       }
             *     ]
             */
            budgetByCategory?: {
                [key: string]: number;
            }[];
            /**
             * @description The principal investigator's ORCID iD (0000-0000-0000-000X; the last character is its ISO 7064 MOD 11-2 check digit)
             * @example 0000-0002-1825-0097
             */
            piOrcid?: string;
            /**
             * @description The principal investigator's national researcher number (e-Rad, Japan): 8 digits
             * @example 12345678
             */
            piResearcherNumber?: string;
            /**
             * @description The share of their working time the principal investigator gives this project, in percent (e-Rad effort)
             * @example 40
             */
            piEffortPercent?: number;
        };
        CreateProposalDto: {
            callId: string;
            /** @example Early warning of landslides from dense seismic arrays */
            title: string;
            abstract: string;
            /** @example 36 */
            durationMonths: number;
            /**
             * @example [
             *       "seismology",
             *       "landslides"
             *     ]
             */
            keywords?: string[];
            /**
             * @description A further kind of proposal the call's program takes, run on its own workflow (IRCC: `workshop`, a workshop support request); absent: a research proposal
             * @example workshop
             */
            kind?: string;
            parties: components["schemas"]["PartyDto"][];
        };
        UpdateProposalDto: {
            /** @example Early warning of landslides from dense seismic arrays */
            title: string;
            abstract: string;
            /** @example 36 */
            durationMonths: number;
            /**
             * @example [
             *       "seismology",
             *       "landslides"
             *     ]
             */
            keywords?: string[];
            parties: components["schemas"]["PartyDto"][];
        };
        InviteMemberDto: {
            /**
             * @description The party's agency
             * @example NSF
             */
            agency: string;
            /**
             * @description `pi`: the party's principal investigator (co-edits the proposal); `member`: a team member
             * @enum {string}
             */
            role: "pi" | "member";
            /** @example Alex Smith */
            name: string;
            /** @example alex.smith@example.edu */
            email: string;
            /** @example University of Washington */
            institution: string;
            /**
             * @description The person's ORCID iD (0000-0000-0000-000X; the last character is its check digit)
             * @example 0000-0002-1694-233X
             */
            orcid?: string;
            /**
             * @description The person's national researcher number (e-Rad): 8 digits
             * @example 87654321
             */
            researcherNumber?: string;
            /**
             * @description The share of their working time the person gives this project, in percent
             * @example 20
             */
            effortPercent?: number;
            /**
             * @description A researcher based in the country the call's disaster struck (J-RAPID's local researchers; only in a call that records its disaster, for a party of that country)
             * @example false
             */
            local?: boolean;
        };
        DeclareProposalConflictDto: {
            /** @example Taro Yamada */
            name: string;
            /** @example Kyoto University */
            institution: string;
            /** @example taro.yamada@example.ac.jp */
            email?: string;
            /** @enum {string} */
            type: "collaborator" | "advisor" | "institutional" | "personal" | "other";
            /** @example Co-supervised a student until 2025 */
            note?: string;
        };
        RetryNotificationsDto: {
            /** @description Failed notifications to send again; without it, every failed one matching the filters */
            ids?: string[];
            /** @enum {string} */
            channel?: "email" | "webhook";
            /** @example proposal-submitted */
            template?: string;
        };
        WebhookDto: {
            /** @example https://hooks.nsf.example/tandem */
            url: string;
            /** @description Key of the HMAC-SHA256 signature (Tandem-Signature header); at least 16 characters */
            secret: string;
            /** @default true */
            active: boolean;
        };
        ReviewerDto: {
            /**
             * @description An existing user; they are granted the reviewer role at the agency
             * @example reviewer@example.ac.jp
             */
            email: string;
            /** @example Keiko Tanaka */
            name: string;
            /** @example Kyoto University */
            institution: string;
            /**
             * @example [
             *       "seismology",
             *       "remote sensing"
             *     ]
             */
            expertise?: string[];
            /**
             * @description Recent co-authors, checked against the principal investigators
             * @example [
             *       "Alex Smith"
             *     ]
             */
            recentCoauthors?: string[];
        };
        UpdateReviewerDto: {
            name?: string;
            institution?: string;
            expertise?: string[];
            recentCoauthors?: string[];
        };
        InviteDto: {
            proposalId: string;
            /** @description A reviewer of the agency's pool */
            reviewerId: string;
            /**
             * @description The agency the review is for; needed only when you act for several
             * @example JST
             */
            agency?: string;
            /** @description Defaults to the call's review due date */
            dueAt?: string;
        };
        AgencyQuery: {
            /** @example JST */
            agency?: string;
        };
        PairDto: {
            proposalId: string;
            reviewerId: string;
        };
        BulkAssignDto: {
            /** @example JST */
            agency?: string;
            dueAt?: string;
            /** @description The pairs to invite (the proposed ones, adjusted) */
            assignments?: components["schemas"]["PairDto"][];
            /** @description Or: the fingerprint of the proposed assignment, to confirm it as proposed */
            fingerprint?: string;
        };
        CreateResearchUnitDto: {
            /** @example IRCC unit for exoplanet astronomy */
            name: string;
            /**
             * @description The agency the unit is set up in: always NINS (IRCC is NINS's center); default NINS
             * @example NINS
             */
            leadAgency?: string;
            /**
             * @description The partner institute's agency in Tandem (it raises the fellow call with NINS)
             * @example MPG
             */
            partnerAgency: string;
            /** @example Max Planck Institute for Astronomy */
            partnerInstitute: string;
            /**
             * @description ISO 3166-1 alpha-2 country of the partner institute
             * @example DE
             */
            partnerCountry: string;
            /** @example Hanako Sato */
            headName: string;
            /**
             * @description The unit head's research department
             * @example National Astronomical Observatory of Japan
             */
            headDepartment: string;
            /** @example Memorandum on research collaboration, NINS-MPIA, 2027 */
            agreement: string;
            /** @example 2027-04-01 */
            agreementSignedOn?: string;
            /**
             * @description Where the unit has one: its overseas branch (at an overseas office of the NINS Headquarters)
             * @example NINS Europe office, Heidelberg
             */
            overseasBranch?: string;
        };
        RaiseFellowCallDto: {
            /** @example Open call for the IRCC research fellow */
            title?: string;
            /** @example 2027-05-01T00:00:00Z */
            opensAt: string;
            /** @example 2027-06-30T08:00:00Z */
            submissionDeadline: string;
            /**
             * @description Shortest appointment this call offers (the catalog's 12 is a placeholder)
             * @example 24
             */
            durationMinMonths?: number;
            /**
             * @description Longest appointment this call offers (the catalog's 60 is a placeholder)
             * @example 60
             */
            durationMaxMonths?: number;
        };
        TwinProposalDto: {
            /**
             * @description The agency's own system
             * @example e-Rad
             */
            system: string;
            /**
             * @description The twin's reference in that system
             * @example JP-2026-00123
             */
            reference: string;
            /** @example Early warning of landslides from dense seismic arrays */
            title: string;
            /**
             * @description The principal investigators the twin names
             * @example [
             *       "Hanako Sato"
             *     ]
             */
            principalInvestigators: string[];
            /**
             * @description The whole budget the twin asks of the agency, in its currency
             * @example 60000000
             */
            budget: number;
            /**
             * @description The research period in the twin: first day
             * @example 2027-04-01
             */
            startsOn: string;
            /**
             * @description The research period in the twin: last day
             * @example 2030-03-31
             */
            endsOn: string;
        };
        RulingDto: {
            /**
             * @description The agency you rule for; needed only when you are a PD of more than one of its agencies
             * @example JST
             */
            agency?: string;
            /**
             * @description `cleared`; `requires-adjustment` (effort or budget to be adjusted before funding); `unreasonable-duplication` (the same research funded twice); `excessive-concentration` (too much of one researcher's effort)
             * @enum {string}
             */
            ruling: "cleared" | "requires-adjustment" | "unreasonable-duplication" | "excessive-concentration";
            /** @example The overlapping project ends in March; effort reduced to 30% from April. */
            note: string;
        };
        BulkFilterDto: {
            /** @description The call whose proposals (or assignments) are selected */
            callId: string;
            /** @description Only instances in this state (a state name, or a parent state) */
            state?: string;
            /** @description Assignments only: one reviewer's (the reviewers' pool id) */
            reviewerId?: string;
        };
        CreateBulkBatchDto: {
            /** @enum {string} */
            subjectType: "proposal" | "assignment";
            /**
             * @description The event sent to every item, as POST /{resource}/{id}/events takes it: { type, ...payload }
             * @example {
             *       "type": "START_ELIGIBILITY_CHECK"
             *     }
             */
            event: Record<string, never>;
            /** @description Selection by filter */
            filter?: components["schemas"]["BulkFilterDto"];
            /** @description Selection by hand (added to the filter’s) */
            ids?: string[];
            /** @description Batch key: the same key from the same user answers the same batch (as Idempotency-Key does) */
            key?: string;
        };
        ResearchUnitSummary: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /** @example IRCC unit for exoplanet astronomy */
            name: string;
            /**
             * @description The agency the unit is set up in (NINS)
             * @example NINS
             */
            lead: string;
            head: {
                /** @example Hanako Sato */
                name: string;
                /** @example National Astronomical Observatory of Japan */
                department: string;
            };
            partner: {
                /** @example MPG */
                agency: string;
                /** @example Max Planck Institute for Astronomy */
                institute: string;
                /** @example DE */
                country: string;
            };
            agreement: {
                /** @example Memorandum on research collaboration, NINS-MPIA */
                title: string;
                /**
                 * Format: date
                 * @example 2027-04-01
                 */
                signedOn: string | null;
            };
            /** @example NINS Europe office, Heidelberg */
            overseasBranch: string | null;
            /** @example established */
            state: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
        };
        ResearchUnit: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /** @example IRCC unit for exoplanet astronomy */
            name: string;
            /**
             * @description The agency the unit is set up in (NINS)
             * @example NINS
             */
            lead: string;
            head: {
                /** @example Hanako Sato */
                name: string;
                /** @example National Astronomical Observatory of Japan */
                department: string;
            };
            partner: {
                /** @example MPG */
                agency: string;
                /** @example Max Planck Institute for Astronomy */
                institute: string;
                /** @example DE */
                country: string;
            };
            agreement: {
                /** @example Memorandum on research collaboration, NINS-MPIA */
                title: string;
                /**
                 * Format: date
                 * @example 2027-04-01
                 */
                signedOn: string | null;
            };
            /** @example NINS Europe office, Heidelberg */
            overseasBranch: string | null;
            /** @example submitted */
            state: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
            /** @example sicorp-joint-proposal@1 */
            workflow: string;
            /**
             * @description The row version, also the ETag
             * @example 3
             */
            version: number;
            /**
             * @description The events you may send now
             * @example [
             *       "START_ELIGIBILITY_CHECK"
             *     ]
             */
            allowedEvents: string[];
            /** @description What the workflow has recorded so far (its context; fields depend on the workflow and on what you may see) */
            progress: {
                [key: string]: unknown;
            };
            /** @description With ?include=schema: the JSON Schema of the body of each allowed event */
            eventSchemas?: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            /** @description The open calls for its fellow raised from the unit */
            fellowCalls: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                title: string;
                /** @example open */
                state: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                opensAt: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                submissionDeadline: string;
            }[];
        };
        ResearchUnitAfterEvent: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /** @example IRCC unit for exoplanet astronomy */
            name: string;
            /**
             * @description The agency the unit is set up in (NINS)
             * @example NINS
             */
            lead: string;
            head: {
                /** @example Hanako Sato */
                name: string;
                /** @example National Astronomical Observatory of Japan */
                department: string;
            };
            partner: {
                /** @example MPG */
                agency: string;
                /** @example Max Planck Institute for Astronomy */
                institute: string;
                /** @example DE */
                country: string;
            };
            agreement: {
                /** @example Memorandum on research collaboration, NINS-MPIA */
                title: string;
                /**
                 * Format: date
                 * @example 2027-04-01
                 */
                signedOn: string | null;
            };
            /** @example NINS Europe office, Heidelberg */
            overseasBranch: string | null;
            /** @example submitted */
            state: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
            /** @example sicorp-joint-proposal@1 */
            workflow: string;
            /**
             * @description The row version, also the ETag
             * @example 3
             */
            version: number;
            /**
             * @description The events you may send now
             * @example [
             *       "START_ELIGIBILITY_CHECK"
             *     ]
             */
            allowedEvents: string[];
            /** @description What the workflow has recorded so far (its context; fields depend on the workflow and on what you may see) */
            progress: {
                [key: string]: unknown;
            };
            /** @description With ?include=schema: the JSON Schema of the body of each allowed event */
            eventSchemas?: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            fellowCalls: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                title: string;
                /** @example open */
                state: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                opensAt: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                submissionDeadline: string;
            }[];
            transition: {
                seq: number;
                /** @example SUBMIT */
                event: string;
                from: string | null;
                to: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                occurredAt: string;
            };
        };
        ResearchUnitList: {
            items: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                /** @example IRCC unit for exoplanet astronomy */
                name: string;
                /**
                 * @description The agency the unit is set up in (NINS)
                 * @example NINS
                 */
                lead: string;
                head: {
                    /** @example Hanako Sato */
                    name: string;
                    /** @example National Astronomical Observatory of Japan */
                    department: string;
                };
                partner: {
                    /** @example MPG */
                    agency: string;
                    /** @example Max Planck Institute for Astronomy */
                    institute: string;
                    /** @example DE */
                    country: string;
                };
                agreement: {
                    /** @example Memorandum on research collaboration, NINS-MPIA */
                    title: string;
                    /**
                     * Format: date
                     * @example 2027-04-01
                     */
                    signedOn: string | null;
                };
                /** @example NINS Europe office, Heidelberg */
                overseasBranch: string | null;
                /** @example established */
                state: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                createdAt: string;
            }[];
            /** @example 1 */
            total: number;
        };
        FellowCallRaised: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            researchUnitId: string;
        };
        DuplicateFundingCheck: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            proposalId: string;
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string;
            /** @description The proposal's period as reckoned: from the month after its call's board date (or deadline) */
            period: {
                /**
                 * Format: date
                 * @example 2027-04-01
                 */
                startsOn: string;
                /**
                 * Format: date
                 * @example 2027-04-01
                 */
                endsOn: string;
                durationMonths: number;
            };
            /**
             * @description The program's limit on a researcher's effort added up
             * @example 100
             */
            maxEffortPercent: number;
            flags: {
                overlapping: number;
                overEffort: number;
                unidentified: number;
            };
            flagged: boolean;
            researchers: {
                name: string;
                /** @example JST */
                agency: string;
                /** @enum {string} */
                role: "pi" | "member";
                orcid: string | null;
                researcherNumber: string | null;
                identified: boolean;
                /** @example 40 */
                effortPercent: number | null;
                totalEffortPercent: number;
                overEffort: boolean;
                overlaps: ({
                    /** @enum {boolean} */
                    visible: true;
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    proposalId: string;
                    title: string;
                    call: {
                        /**
                         * Format: uuid
                         * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                         */
                        id: string;
                        title: string;
                    };
                    agencies: string[];
                    /** @example submitted */
                    state: string;
                    /**
                     * @description `funded`: holds its budgets; `pending`: submitted, not decided yet
                     * @enum {string}
                     */
                    status: "funded" | "pending";
                    /**
                     * Format: date
                     * @example 2027-04-01
                     */
                    startsOn: string;
                    /**
                     * Format: date
                     * @example 2027-04-01
                     */
                    endsOn: string;
                    /** @example 40 */
                    effortPercent: number | null;
                } | {
                    /** @enum {boolean} */
                    visible: false;
                    /**
                     * @description `funded`: holds its budgets; `pending`: submitted, not decided yet
                     * @enum {string}
                     */
                    status: "funded" | "pending";
                    /**
                     * Format: date
                     * @example 2027-04-01
                     */
                    startsOn: string;
                    /**
                     * Format: date
                     * @example 2027-04-01
                     */
                    endsOn: string;
                    /** @example 40 */
                    effortPercent: number | null;
                })[];
            }[];
            twins: {
                /** @example JST */
                agency: string;
                /** @example e-Rad */
                system: string;
                /** @example JP-2026-00123 */
                reference: string;
                title: string;
                principalInvestigators: string[];
                budget: number;
                /**
                 * Format: date
                 * @example 2027-04-01
                 */
                startsOn: string;
                /**
                 * Format: date
                 * @example 2027-04-01
                 */
                endsOn: string;
                recordedBy: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                recordedAt: string;
                differences: {
                    /** @enum {string} */
                    field: "title" | "principalInvestigators" | "budget" | "durationMonths";
                    tandem: string | number | string[];
                    twin: string | number | string[];
                }[];
            }[];
            rulings: {
                seq: number;
                /** @example JST */
                agency: string | null;
                /** @enum {string|null} */
                ruling: "cleared" | "requires-adjustment" | "unreasonable-duplication" | "excessive-concentration" | null;
                note: string;
                by: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                at: string;
            }[];
            ruling: {
                /** @example JST */
                agency: string | null;
                /** @enum {string|null} */
                ruling: "cleared" | "requires-adjustment" | "unreasonable-duplication" | "excessive-concentration" | null;
            } | null;
        };
        TwinProposal: {
            /** @example JST */
            agency: string;
            /** @example e-Rad */
            system: string;
            /** @example JP-2026-00123 */
            reference: string;
            title: string;
            principalInvestigators: string[];
            budget: number;
            /**
             * Format: date
             * @example 2027-04-01
             */
            startsOn: string;
            /**
             * Format: date
             * @example 2027-04-01
             */
            endsOn: string;
            recordedBy: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            recordedAt: string;
            differences: {
                /** @enum {string} */
                field: "title" | "principalInvestigators" | "budget" | "durationMonths";
                tandem: string | number | string[];
                twin: string | number | string[];
            }[];
        };
        DuplicateFundingRuling: {
            /** @description The step's number in the proposal's log */
            seq: number;
            /** @example JST */
            agency: string;
            /** @enum {string} */
            ruling: "cleared" | "requires-adjustment" | "unreasonable-duplication" | "excessive-concentration";
            note: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            at: string;
        };
        BulkBatch: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /** @enum {string} */
            origin: "request" | "call-cancel";
            /** @enum {string} */
            subjectType: "proposal" | "assignment";
            /**
             * @example {
             *       "type": "START_ELIGIBILITY_CHECK"
             *     }
             */
            event: {
                [key: string]: unknown;
            };
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string | null;
            selection: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            state: "queued" | "running" | "finished" | "cancelled";
            total: number;
            /**
             * @example {
             *       "pending": 0,
             *       "done": 3,
             *       "refused": 1,
             *       "not-allowed": 0,
             *       "not-found": 0,
             *       "cancelled": 0
             *     }
             */
            counts: {
                [key: string]: number;
            };
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            startedAt: string | null;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            finishedAt: string | null;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            cancelledAt: string | null;
            items: {
                position: number;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                subjectId: string;
                /**
                 * @description null while the item waits to run
                 * @enum {string|null}
                 */
                result: "done" | "refused" | "not-allowed" | "not-found" | "cancelled" | null;
                /** @example null */
                code: string | null;
                /** @example null */
                reason: string | null;
                transition: {
                    seq: number;
                    from: string | null;
                    to: string | null;
                } | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                finishedAt: string | null;
            }[];
        };
        BulkBatchList: {
            items: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                /** @enum {string} */
                origin: "request" | "call-cancel";
                /** @enum {string} */
                subjectType: "proposal" | "assignment";
                /**
                 * @example {
                 *       "type": "START_ELIGIBILITY_CHECK"
                 *     }
                 */
                event: {
                    [key: string]: unknown;
                };
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                callId: string | null;
                selection: {
                    [key: string]: unknown;
                };
                /** @enum {string} */
                state: "queued" | "running" | "finished" | "cancelled";
                total: number;
                /**
                 * @example {
                 *       "pending": 0,
                 *       "done": 3,
                 *       "refused": 1,
                 *       "not-allowed": 0,
                 *       "not-found": 0,
                 *       "cancelled": 0
                 *     }
                 */
                counts: {
                    [key: string]: number;
                };
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                createdAt: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                startedAt: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                finishedAt: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                cancelledAt: string | null;
                items: {
                    position: number;
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    subjectId: string;
                    /**
                     * @description null while the item waits to run
                     * @enum {string|null}
                     */
                    result: "done" | "refused" | "not-allowed" | "not-found" | "cancelled" | null;
                    /** @example null */
                    code: string | null;
                    /** @example null */
                    reason: string | null;
                    transition: {
                        seq: number;
                        from: string | null;
                        to: string | null;
                    } | null;
                    /**
                     * Format: date-time
                     * @example 2026-04-01T00:00:00.000Z
                     */
                    finishedAt: string | null;
                }[];
            }[];
        };
        PartyMember: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /** @example JST */
            agency: string;
            /**
             * @description `pi`: the party's principal investigator (co-edits); `member`: a team member
             * @enum {string}
             */
            role: "pi" | "member";
            /** @example Alex Smith */
            name: string;
            /** @example alex.smith@example.edu */
            email: string;
            /** @example University of Washington */
            institution: string;
            /** @description Based in the country the call's disaster struck (J-RAPID's local researchers) */
            local: boolean;
            /** @description Whether the invited person accepted and is a member of the party */
            accepted: boolean;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            invitedAt: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            acceptedAt: string | null;
            /** @example 0000-0002-1694-233X */
            orcid: string | null;
            /**
             * @description National researcher number (e-Rad)
             * @example 87654321
             */
            researcherNumber: string | null;
            /** @example 20 */
            effortPercent: number | null;
        };
        PartyMemberList: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /** @example JST */
            agency: string;
            /**
             * @description `pi`: the party's principal investigator (co-edits); `member`: a team member
             * @enum {string}
             */
            role: "pi" | "member";
            /** @example Alex Smith */
            name: string;
            /** @example alex.smith@example.edu */
            email: string;
            /** @example University of Washington */
            institution: string;
            /** @description Based in the country the call's disaster struck (J-RAPID's local researchers) */
            local: boolean;
            /** @description Whether the invited person accepted and is a member of the party */
            accepted: boolean;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            invitedAt: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            acceptedAt: string | null;
            /** @example 0000-0002-1694-233X */
            orcid: string | null;
            /**
             * @description National researcher number (e-Rad)
             * @example 87654321
             */
            researcherNumber: string | null;
            /** @example 20 */
            effortPercent: number | null;
        }[];
        Invitation: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            proposalId: string;
            /** @example Resilient coastal cities */
            title: string;
            /** @example JST */
            agency: string;
            /** @enum {string} */
            role: "pi" | "member";
            accepted: boolean;
        };
        DeclaredConflict: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /** @example Taro Yamada */
            name: string;
            /** @example Kyoto University */
            institution: string;
            email: string | null;
            /** @enum {string} */
            type: "collaborator" | "advisor" | "institutional" | "personal" | "other";
            note: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
        };
        DeclaredConflictList: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /** @example Taro Yamada */
            name: string;
            /** @example Kyoto University */
            institution: string;
            email: string | null;
            /** @enum {string} */
            type: "collaborator" | "advisor" | "institutional" | "personal" | "other";
            note: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
        }[];
        Transition: {
            seq: number;
            /** @example SUBMIT */
            event: string;
            from: string | null;
            to: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            occurredAt: string;
        };
        CallSummary: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /**
             * @description The version in the authoritative language
             * @example SICORP Japan-US joint call 2026
             */
            title: string;
            /** @description The version in the authoritative language */
            description: string;
            /** @description The text in English and in Japanese (null: not written in that language) */
            titles: {
                /** @example SICORP Japan-US joint call 2026 */
                en: string | null;
                /** @example SICORP 日米共同公募 2026 */
                ja: string | null;
            };
            /** @description The text in English and in Japanese (null: not written in that language) */
            descriptions: {
                /** @example Resilient infrastructure. */
                en: string | null;
                /** @example レジリエントなインフラ。 */
                ja: string | null;
            };
            /**
             * @description The language whose version governs
             * @example ja
             * @enum {string}
             */
            authoritativeLanguage: "en" | "ja";
            /**
             * @description The languages whose version must exist before the call is announced or opened
             * @example [
             *       "en",
             *       "ja"
             *     ]
             */
            requiredLanguages: ("en" | "ja")[];
            /**
             * @description What of the call's own texts is missing in a required language (call workflows from version 2 refuse ANNOUNCE and OPEN then)
             * @example []
             */
            missingTranslations: string[];
            /** @example sicorp-bilateral */
            program: string;
            /** @example sicorp-joint-proposal@1 */
            proposalWorkflow: string;
            /** @example open */
            state: string;
            version: number;
            dates: {
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                opensAt: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                submissionDeadline: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                reviewDue: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                panelDate: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                boardDate: string | null;
            };
            durationMonths: {
                min: number;
                max: number;
            };
            /**
             * Format: uuid
             * @description The IRCC research unit this call is the open fellow call of (null: none)
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            researchUnitId: string | null;
            /** @description J-RAPID: the disaster the call answers (null for other programs) */
            disaster: {
                /** @example Magnitude 7.8 earthquake */
                what: string;
                /**
                 * @description The day it struck (YYYY-MM-DD)
                 * @example 2027-02-06
                 */
                occurredOn: string;
                /** @example Hatay province */
                where: string;
            } | null;
            /**
             * @description J-RAPID: ISO code of the country the disaster struck (null otherwise)
             * @example TR
             */
            affectedCountry: string | null;
            agencies: {
                /** @example JST */
                code: string;
                /** @example lead */
                role: string;
                /**
                 * @description The whole envelope (in a co-owned call: the sum of the agency's fiscal years)
                 * @example 300000000
                 */
                budgetEnvelope: number;
                /**
                 * @description Null until the agency approves its part of a co-owned call
                 * @example 30000000
                 */
                capPerProjectPerYear: number | null;
                /** @example JPY */
                currency: string;
                /**
                 * Format: date-time
                 * @description When the agency approved its participation (co-owned calls)
                 * @example 2026-04-01T00:00:00.000Z
                 */
                approvedAt: string | null;
                /** @description The agency's envelope per fiscal year (co-owned calls; empty otherwise) */
                envelopes: {
                    /** @example 2027 */
                    fiscalYear: number;
                    amount: number;
                }[];
                /** @description JPY per unit of its currency, as the agency stated it */
                jpyPerUnit: number | null;
                /**
                 * @description The program officers and directors the agency appointed for the call
                 * @example [
                 *       {
                 *         "id": "6f1c2a9e-3b7d-4c1e-9a2f-0d4b5e6f7a8b",
                 *         "name": "Taro Yamada",
                 *         "roles": [
                 *           "program_officer"
                 *         ]
                 *       }
                 *     ]
                 */
                appointees: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    id: string;
                    name: string;
                    roles: string[];
                }[];
            }[];
            /** @description Co-owned calls (null otherwise): who has still to approve its part, and where a counterpart's envelope is not approximately equivalent to JST's */
            partnership: {
                /** @description Agencies that have not approved their participation */
                pending: string[];
                equivalence: {
                    tolerance: number | null;
                    warnings: {
                        /** @example JST */
                        agency: string;
                        fiscalYear: number | null;
                        message: string;
                    }[];
                };
            } | null;
        };
        Call: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /**
             * @description The version in the authoritative language
             * @example SICORP Japan-US joint call 2026
             */
            title: string;
            /** @description The version in the authoritative language */
            description: string;
            /** @description The text in English and in Japanese (null: not written in that language) */
            titles: {
                /** @example SICORP Japan-US joint call 2026 */
                en: string | null;
                /** @example SICORP 日米共同公募 2026 */
                ja: string | null;
            };
            /** @description The text in English and in Japanese (null: not written in that language) */
            descriptions: {
                /** @example Resilient infrastructure. */
                en: string | null;
                /** @example レジリエントなインフラ。 */
                ja: string | null;
            };
            /**
             * @description The language whose version governs
             * @example ja
             * @enum {string}
             */
            authoritativeLanguage: "en" | "ja";
            /**
             * @description The languages whose version must exist before the call is announced or opened
             * @example [
             *       "en",
             *       "ja"
             *     ]
             */
            requiredLanguages: ("en" | "ja")[];
            /**
             * @description What of the call's own texts is missing in a required language (call workflows from version 2 refuse ANNOUNCE and OPEN then)
             * @example []
             */
            missingTranslations: string[];
            /** @example sicorp-bilateral */
            program: string;
            /** @example sicorp-joint-proposal@1 */
            proposalWorkflow: string;
            /** @example submitted */
            state: string;
            /**
             * @description The row version, also the ETag
             * @example 3
             */
            version: number;
            dates: {
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                opensAt: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                submissionDeadline: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                reviewDue: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                panelDate: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                boardDate: string | null;
            };
            durationMonths: {
                min: number;
                max: number;
            };
            /**
             * Format: uuid
             * @description The IRCC research unit this call is the open fellow call of (null: none)
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            researchUnitId: string | null;
            /** @description J-RAPID: the disaster the call answers (null for other programs) */
            disaster: {
                /** @example Magnitude 7.8 earthquake */
                what: string;
                /**
                 * @description The day it struck (YYYY-MM-DD)
                 * @example 2027-02-06
                 */
                occurredOn: string;
                /** @example Hatay province */
                where: string;
            } | null;
            /**
             * @description J-RAPID: ISO code of the country the disaster struck (null otherwise)
             * @example TR
             */
            affectedCountry: string | null;
            agencies: {
                /** @example JST */
                code: string;
                /** @example lead */
                role: string;
                /**
                 * @description The whole envelope (in a co-owned call: the sum of the agency's fiscal years)
                 * @example 300000000
                 */
                budgetEnvelope: number;
                /**
                 * @description Null until the agency approves its part of a co-owned call
                 * @example 30000000
                 */
                capPerProjectPerYear: number | null;
                /** @example JPY */
                currency: string;
                /**
                 * Format: date-time
                 * @description When the agency approved its participation (co-owned calls)
                 * @example 2026-04-01T00:00:00.000Z
                 */
                approvedAt: string | null;
                /** @description The agency's envelope per fiscal year (co-owned calls; empty otherwise) */
                envelopes: {
                    /** @example 2027 */
                    fiscalYear: number;
                    amount: number;
                }[];
                /** @description JPY per unit of its currency, as the agency stated it */
                jpyPerUnit: number | null;
                /**
                 * @description The program officers and directors the agency appointed for the call
                 * @example [
                 *       {
                 *         "id": "6f1c2a9e-3b7d-4c1e-9a2f-0d4b5e6f7a8b",
                 *         "name": "Taro Yamada",
                 *         "roles": [
                 *           "program_officer"
                 *         ]
                 *       }
                 *     ]
                 */
                appointees: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    id: string;
                    name: string;
                    roles: string[];
                }[];
            }[];
            /** @description Co-owned calls (null otherwise): who has still to approve its part, and where a counterpart's envelope is not approximately equivalent to JST's */
            partnership: {
                /** @description Agencies that have not approved their participation */
                pending: string[];
                equivalence: {
                    tolerance: number | null;
                    warnings: {
                        /** @example JST */
                        agency: string;
                        fiscalYear: number | null;
                        message: string;
                    }[];
                };
            } | null;
            /** @example sicorp-joint-proposal@1 */
            workflow: string;
            /**
             * @description The events you may send now
             * @example [
             *       "START_ELIGIBILITY_CHECK"
             *     ]
             */
            allowedEvents: string[];
            /** @description What the workflow has recorded so far (its context; fields depend on the workflow and on what you may see) */
            progress: {
                [key: string]: unknown;
            };
            /** @description With ?include=schema: the JSON Schema of the body of each allowed event */
            eventSchemas?: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
        };
        CallAfterEvent: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /**
             * @description The version in the authoritative language
             * @example SICORP Japan-US joint call 2026
             */
            title: string;
            /** @description The version in the authoritative language */
            description: string;
            /** @description The text in English and in Japanese (null: not written in that language) */
            titles: {
                /** @example SICORP Japan-US joint call 2026 */
                en: string | null;
                /** @example SICORP 日米共同公募 2026 */
                ja: string | null;
            };
            /** @description The text in English and in Japanese (null: not written in that language) */
            descriptions: {
                /** @example Resilient infrastructure. */
                en: string | null;
                /** @example レジリエントなインフラ。 */
                ja: string | null;
            };
            /**
             * @description The language whose version governs
             * @example ja
             * @enum {string}
             */
            authoritativeLanguage: "en" | "ja";
            /**
             * @description The languages whose version must exist before the call is announced or opened
             * @example [
             *       "en",
             *       "ja"
             *     ]
             */
            requiredLanguages: ("en" | "ja")[];
            /**
             * @description What of the call's own texts is missing in a required language (call workflows from version 2 refuse ANNOUNCE and OPEN then)
             * @example []
             */
            missingTranslations: string[];
            /** @example sicorp-bilateral */
            program: string;
            /** @example sicorp-joint-proposal@1 */
            proposalWorkflow: string;
            /** @example submitted */
            state: string;
            /**
             * @description The row version, also the ETag
             * @example 3
             */
            version: number;
            dates: {
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                opensAt: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                submissionDeadline: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                reviewDue: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                panelDate: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                boardDate: string | null;
            };
            durationMonths: {
                min: number;
                max: number;
            };
            /**
             * Format: uuid
             * @description The IRCC research unit this call is the open fellow call of (null: none)
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            researchUnitId: string | null;
            /** @description J-RAPID: the disaster the call answers (null for other programs) */
            disaster: {
                /** @example Magnitude 7.8 earthquake */
                what: string;
                /**
                 * @description The day it struck (YYYY-MM-DD)
                 * @example 2027-02-06
                 */
                occurredOn: string;
                /** @example Hatay province */
                where: string;
            } | null;
            /**
             * @description J-RAPID: ISO code of the country the disaster struck (null otherwise)
             * @example TR
             */
            affectedCountry: string | null;
            agencies: {
                /** @example JST */
                code: string;
                /** @example lead */
                role: string;
                /**
                 * @description The whole envelope (in a co-owned call: the sum of the agency's fiscal years)
                 * @example 300000000
                 */
                budgetEnvelope: number;
                /**
                 * @description Null until the agency approves its part of a co-owned call
                 * @example 30000000
                 */
                capPerProjectPerYear: number | null;
                /** @example JPY */
                currency: string;
                /**
                 * Format: date-time
                 * @description When the agency approved its participation (co-owned calls)
                 * @example 2026-04-01T00:00:00.000Z
                 */
                approvedAt: string | null;
                /** @description The agency's envelope per fiscal year (co-owned calls; empty otherwise) */
                envelopes: {
                    /** @example 2027 */
                    fiscalYear: number;
                    amount: number;
                }[];
                /** @description JPY per unit of its currency, as the agency stated it */
                jpyPerUnit: number | null;
                /**
                 * @description The program officers and directors the agency appointed for the call
                 * @example [
                 *       {
                 *         "id": "6f1c2a9e-3b7d-4c1e-9a2f-0d4b5e6f7a8b",
                 *         "name": "Taro Yamada",
                 *         "roles": [
                 *           "program_officer"
                 *         ]
                 *       }
                 *     ]
                 */
                appointees: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    id: string;
                    name: string;
                    roles: string[];
                }[];
            }[];
            /** @description Co-owned calls (null otherwise): who has still to approve its part, and where a counterpart's envelope is not approximately equivalent to JST's */
            partnership: {
                /** @description Agencies that have not approved their participation */
                pending: string[];
                equivalence: {
                    tolerance: number | null;
                    warnings: {
                        /** @example JST */
                        agency: string;
                        fiscalYear: number | null;
                        message: string;
                    }[];
                };
            } | null;
            /** @example sicorp-joint-proposal@1 */
            workflow: string;
            /**
             * @description The events you may send now
             * @example [
             *       "START_ELIGIBILITY_CHECK"
             *     ]
             */
            allowedEvents: string[];
            /** @description What the workflow has recorded so far (its context; fields depend on the workflow and on what you may see) */
            progress: {
                [key: string]: unknown;
            };
            /** @description With ?include=schema: the JSON Schema of the body of each allowed event */
            eventSchemas?: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            transition: {
                seq: number;
                /** @example SUBMIT */
                event: string;
                from: string | null;
                to: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                occurredAt: string;
            };
        };
        CallPage: {
            items: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                /**
                 * @description The version in the authoritative language
                 * @example SICORP Japan-US joint call 2026
                 */
                title: string;
                /** @description The version in the authoritative language */
                description: string;
                /** @description The text in English and in Japanese (null: not written in that language) */
                titles: {
                    /** @example SICORP Japan-US joint call 2026 */
                    en: string | null;
                    /** @example SICORP 日米共同公募 2026 */
                    ja: string | null;
                };
                /** @description The text in English and in Japanese (null: not written in that language) */
                descriptions: {
                    /** @example Resilient infrastructure. */
                    en: string | null;
                    /** @example レジリエントなインフラ。 */
                    ja: string | null;
                };
                /**
                 * @description The language whose version governs
                 * @example ja
                 * @enum {string}
                 */
                authoritativeLanguage: "en" | "ja";
                /**
                 * @description The languages whose version must exist before the call is announced or opened
                 * @example [
                 *       "en",
                 *       "ja"
                 *     ]
                 */
                requiredLanguages: ("en" | "ja")[];
                /**
                 * @description What of the call's own texts is missing in a required language (call workflows from version 2 refuse ANNOUNCE and OPEN then)
                 * @example []
                 */
                missingTranslations: string[];
                /** @example sicorp-bilateral */
                program: string;
                /** @example sicorp-joint-proposal@1 */
                proposalWorkflow: string;
                /** @example open */
                state: string;
                version: number;
                dates: {
                    /**
                     * Format: date-time
                     * @example 2026-04-01T00:00:00.000Z
                     */
                    opensAt: string;
                    /**
                     * Format: date-time
                     * @example 2026-04-01T00:00:00.000Z
                     */
                    submissionDeadline: string;
                    /**
                     * Format: date-time
                     * @example 2026-04-01T00:00:00.000Z
                     */
                    reviewDue: string | null;
                    /**
                     * Format: date-time
                     * @example 2026-04-01T00:00:00.000Z
                     */
                    panelDate: string | null;
                    /**
                     * Format: date-time
                     * @example 2026-04-01T00:00:00.000Z
                     */
                    boardDate: string | null;
                };
                durationMonths: {
                    min: number;
                    max: number;
                };
                /**
                 * Format: uuid
                 * @description The IRCC research unit this call is the open fellow call of (null: none)
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                researchUnitId: string | null;
                /** @description J-RAPID: the disaster the call answers (null for other programs) */
                disaster: {
                    /** @example Magnitude 7.8 earthquake */
                    what: string;
                    /**
                     * @description The day it struck (YYYY-MM-DD)
                     * @example 2027-02-06
                     */
                    occurredOn: string;
                    /** @example Hatay province */
                    where: string;
                } | null;
                /**
                 * @description J-RAPID: ISO code of the country the disaster struck (null otherwise)
                 * @example TR
                 */
                affectedCountry: string | null;
                agencies: {
                    /** @example JST */
                    code: string;
                    /** @example lead */
                    role: string;
                    /**
                     * @description The whole envelope (in a co-owned call: the sum of the agency's fiscal years)
                     * @example 300000000
                     */
                    budgetEnvelope: number;
                    /**
                     * @description Null until the agency approves its part of a co-owned call
                     * @example 30000000
                     */
                    capPerProjectPerYear: number | null;
                    /** @example JPY */
                    currency: string;
                    /**
                     * Format: date-time
                     * @description When the agency approved its participation (co-owned calls)
                     * @example 2026-04-01T00:00:00.000Z
                     */
                    approvedAt: string | null;
                    /** @description The agency's envelope per fiscal year (co-owned calls; empty otherwise) */
                    envelopes: {
                        /** @example 2027 */
                        fiscalYear: number;
                        amount: number;
                    }[];
                    /** @description JPY per unit of its currency, as the agency stated it */
                    jpyPerUnit: number | null;
                    /**
                     * @description The program officers and directors the agency appointed for the call
                     * @example [
                     *       {
                     *         "id": "6f1c2a9e-3b7d-4c1e-9a2f-0d4b5e6f7a8b",
                     *         "name": "Taro Yamada",
                     *         "roles": [
                     *           "program_officer"
                     *         ]
                     *       }
                     *     ]
                     */
                    appointees: {
                        /**
                         * Format: uuid
                         * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                         */
                        id: string;
                        name: string;
                        roles: string[];
                    }[];
                }[];
                /** @description Co-owned calls (null otherwise): who has still to approve its part, and where a counterpart's envelope is not approximately equivalent to JST's */
                partnership: {
                    /** @description Agencies that have not approved their participation */
                    pending: string[];
                    equivalence: {
                        tolerance: number | null;
                        warnings: {
                            /** @example JST */
                            agency: string;
                            fiscalYear: number | null;
                            message: string;
                        }[];
                    };
                } | null;
            }[];
            /** @example 1 */
            total: number;
            /** @example 50 */
            limit: number;
            /** @example 0 */
            offset: number;
        };
        ProposalSummary: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string;
            /** @example Resilient coastal cities */
            title: string;
            abstract: string;
            /** @example 36 */
            durationMonths: number;
            keywords: string[];
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            applicantUserId: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            updatedAt: string;
            /** @example submitted */
            state: string;
            version: number;
            parties: {
                /** @example JST */
                agency: string;
                piName: string;
                /** @description Only to those who may see it */
                piEmail: string | null;
                institution: string;
                /** @example JP */
                country: string;
                /**
                 * @example [
                 *       20000000,
                 *       20000000,
                 *       20000000
                 *     ]
                 */
                budgetPerYear: number[];
                /**
                 * @description The same years by cost category (goods, personnel, travel, workshops, other); null when not given
                 * @example [
                 *       {
                 *         "goods": 8000000,
                 *         "personnel": 8000000,
                 *         "travel": 2000000,
                 *         "workshops": 1000000,
                 *         "other": 1000000
                 *       }
                 *     ]
                 */
                budgetByCategory: {
                    [key: string]: number;
                }[] | null;
                /** @example 0000-0002-1825-0097 */
                piOrcid: string | null;
                /**
                 * @description National researcher number (e-Rad)
                 * @example 12345678
                 */
                piResearcherNumber: string | null;
                /** @example 40 */
                piEffortPercent: number | null;
            }[];
        };
        Proposal: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string;
            /** @example Resilient coastal cities */
            title: string;
            abstract: string;
            /** @example 36 */
            durationMonths: number;
            keywords: string[];
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            applicantUserId: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            updatedAt: string;
            /** @example submitted */
            state: string;
            /**
             * @description The row version, also the ETag
             * @example 3
             */
            version: number;
            parties: {
                /** @example JST */
                agency: string;
                piName: string;
                /** @description Only to those who may see it */
                piEmail: string | null;
                institution: string;
                /** @example JP */
                country: string;
                /**
                 * @example [
                 *       20000000,
                 *       20000000,
                 *       20000000
                 *     ]
                 */
                budgetPerYear: number[];
                /**
                 * @description The same years by cost category (goods, personnel, travel, workshops, other); null when not given
                 * @example [
                 *       {
                 *         "goods": 8000000,
                 *         "personnel": 8000000,
                 *         "travel": 2000000,
                 *         "workshops": 1000000,
                 *         "other": 1000000
                 *       }
                 *     ]
                 */
                budgetByCategory: {
                    [key: string]: number;
                }[] | null;
                /** @example 0000-0002-1825-0097 */
                piOrcid: string | null;
                /**
                 * @description National researcher number (e-Rad)
                 * @example 12345678
                 */
                piResearcherNumber: string | null;
                /** @example 40 */
                piEffortPercent: number | null;
            }[];
            /** @example sicorp-joint-proposal@1 */
            workflow: string;
            /**
             * @description The events you may send now
             * @example [
             *       "START_ELIGIBILITY_CHECK"
             *     ]
             */
            allowedEvents: string[];
            /** @description What the workflow has recorded so far (its context; fields depend on the workflow and on what you may see) */
            progress: {
                [key: string]: unknown;
            };
            /** @description With ?include=schema: the JSON Schema of the body of each allowed event */
            eventSchemas?: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            kind?: string;
        };
        ProposalAfterEvent: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string;
            /** @example Resilient coastal cities */
            title: string;
            abstract: string;
            /** @example 36 */
            durationMonths: number;
            keywords: string[];
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            applicantUserId: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            updatedAt: string;
            /** @example submitted */
            state: string;
            /**
             * @description The row version, also the ETag
             * @example 3
             */
            version: number;
            parties: {
                /** @example JST */
                agency: string;
                piName: string;
                /** @description Only to those who may see it */
                piEmail: string | null;
                institution: string;
                /** @example JP */
                country: string;
                /**
                 * @example [
                 *       20000000,
                 *       20000000,
                 *       20000000
                 *     ]
                 */
                budgetPerYear: number[];
                /**
                 * @description The same years by cost category (goods, personnel, travel, workshops, other); null when not given
                 * @example [
                 *       {
                 *         "goods": 8000000,
                 *         "personnel": 8000000,
                 *         "travel": 2000000,
                 *         "workshops": 1000000,
                 *         "other": 1000000
                 *       }
                 *     ]
                 */
                budgetByCategory: {
                    [key: string]: number;
                }[] | null;
                /** @example 0000-0002-1825-0097 */
                piOrcid: string | null;
                /**
                 * @description National researcher number (e-Rad)
                 * @example 12345678
                 */
                piResearcherNumber: string | null;
                /** @example 40 */
                piEffortPercent: number | null;
            }[];
            /** @example sicorp-joint-proposal@1 */
            workflow: string;
            /**
             * @description The events you may send now
             * @example [
             *       "START_ELIGIBILITY_CHECK"
             *     ]
             */
            allowedEvents: string[];
            /** @description What the workflow has recorded so far (its context; fields depend on the workflow and on what you may see) */
            progress: {
                [key: string]: unknown;
            };
            /** @description With ?include=schema: the JSON Schema of the body of each allowed event */
            eventSchemas?: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            kind?: string;
            transition: {
                seq: number;
                /** @example SUBMIT */
                event: string;
                from: string | null;
                to: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                occurredAt: string;
            };
        };
        ProposalPage: {
            items: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                callId: string;
                /** @example Resilient coastal cities */
                title: string;
                abstract: string;
                /** @example 36 */
                durationMonths: number;
                keywords: string[];
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                applicantUserId: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                createdAt: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                updatedAt: string;
                /** @example submitted */
                state: string;
                version: number;
                parties: {
                    /** @example JST */
                    agency: string;
                    piName: string;
                    /** @description Only to those who may see it */
                    piEmail: string | null;
                    institution: string;
                    /** @example JP */
                    country: string;
                    /**
                     * @example [
                     *       20000000,
                     *       20000000,
                     *       20000000
                     *     ]
                     */
                    budgetPerYear: number[];
                    /**
                     * @description The same years by cost category (goods, personnel, travel, workshops, other); null when not given
                     * @example [
                     *       {
                     *         "goods": 8000000,
                     *         "personnel": 8000000,
                     *         "travel": 2000000,
                     *         "workshops": 1000000,
                     *         "other": 1000000
                     *       }
                     *     ]
                     */
                    budgetByCategory: {
                        [key: string]: number;
                    }[] | null;
                    /** @example 0000-0002-1825-0097 */
                    piOrcid: string | null;
                    /**
                     * @description National researcher number (e-Rad)
                     * @example 12345678
                     */
                    piResearcherNumber: string | null;
                    /** @example 40 */
                    piEffortPercent: number | null;
                }[];
            }[];
            /**
             * @description Proposals in the list, counted up to 1000 (see totalExact)
             * @example 1
             */
            total: number;
            /** @example 50 */
            limit: number;
            /** @example 0 */
            offset: number;
            /** @description false: the list holds more than `total` proposals */
            totalExact: boolean;
            /** @description Cursor of the page after this one (pass as `cursor`); null at the end */
            next: string | null;
            /** @description Cursor of the page before this one; null at the start */
            prev: string | null;
        };
        ProposalDocument: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            proposalId: string;
            /**
             * @example research-plan
             * @enum {string}
             */
            type: "research-plan" | "cv" | "budget-sheet" | "letter-of-support" | "other";
            /** @description A new upload of the same type is the next version */
            version: number;
            /** @description The newest version of its type */
            latest: boolean;
            /** @example research-plan.pdf */
            filename: string;
            /**
             * @description Sniffed from the content
             * @example application/pdf
             */
            mediaType: string;
            sizeBytes: number;
            /**
             * @description SHA-256 of the content, hex
             * @example 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
             */
            sha256: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            uploadedAt: string;
            uploadedBy: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                name: string | null;
            };
            /** @description Where to download the content */
            href: string;
        };
        ProposalDocumentList: {
            /** @description Types the proposal's program requires before SUBMIT */
            required: ("research-plan" | "cv" | "budget-sheet" | "letter-of-support" | "other")[];
            /** @description Required types the proposal has no version of */
            missing: ("research-plan" | "cv" | "budget-sheet" | "letter-of-support" | "other")[];
            types: {
                /**
                 * @example research-plan
                 * @enum {string}
                 */
                type: "research-plan" | "cv" | "budget-sheet" | "letter-of-support" | "other";
                formats: string[];
            }[];
            items: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                proposalId: string;
                /**
                 * @example research-plan
                 * @enum {string}
                 */
                type: "research-plan" | "cv" | "budget-sheet" | "letter-of-support" | "other";
                /** @description A new upload of the same type is the next version */
                version: number;
                /** @description The newest version of its type */
                latest: boolean;
                /** @example research-plan.pdf */
                filename: string;
                /**
                 * @description Sniffed from the content
                 * @example application/pdf
                 */
                mediaType: string;
                sizeBytes: number;
                /**
                 * @description SHA-256 of the content, hex
                 * @example 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                 */
                sha256: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                uploadedAt: string;
                uploadedBy: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    id: string;
                    name: string | null;
                };
                /** @description Where to download the content */
                href: string;
            }[];
        };
        ProposalRevision: {
            /** @description 0: the proposal before its first recorded change */
            number: number;
            /** @enum {string} */
            kind: "original" | "edit" | "document";
            /** @description Made while more information was requested */
            amendment: boolean;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
            by: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string | null;
                name: string | null;
            };
            /**
             * Format: date-time
             * @description When PROVIDE_INFORMATION answered the request with this revision
             * @example 2026-04-01T00:00:00.000Z
             */
            answeredInformationRequestAt: string | null;
            /** @description What changed since the revision before, in words */
            summary: string[];
            /** @description title, abstract, durationMonths, keywords, parties, documents (the newest of each type) */
            content: {
                [key: string]: unknown;
            };
        };
        ProposalRevisionList: {
            items: {
                /** @description 0: the proposal before its first recorded change */
                number: number;
                /** @enum {string} */
                kind: "original" | "edit" | "document";
                /** @description Made while more information was requested */
                amendment: boolean;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                createdAt: string;
                by: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    id: string | null;
                    name: string | null;
                };
                /**
                 * Format: date-time
                 * @description When PROVIDE_INFORMATION answered the request with this revision
                 * @example 2026-04-01T00:00:00.000Z
                 */
                answeredInformationRequestAt: string | null;
                /** @description What changed since the revision before, in words */
                summary: string[];
            }[];
        };
        RevisionDiff: {
            from: number;
            to: number;
            /** @description One entry per change: `field` (title, abstract with `words` added/removed/same, durationMonths, keywords, party, document) with before and after */
            changes: {
                [key: string]: unknown;
            }[];
            summary: string[];
        };
        Assignment: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string;
            /**
             * Format: uuid
             * @description null for its reviewer once conflicted with the proposal (declared, or found since)
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            proposalId: string | null;
            /** @example JST */
            agency: string;
            /** @description null for its reviewer once conflicted with the proposal (declared, or found since) */
            proposal: {
                title: string;
                parties: {
                    /** @example JST */
                    agency: string;
                    piName: string;
                    institution: string;
                }[];
            } | null;
            reviewer: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                userId: string;
                name: string;
                institution: string | null;
            };
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            replacesId: string | null;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
            review: {
                /**
                 * @example {
                 *       "excellence": 4,
                 *       "feasibility": 3
                 *     }
                 */
                scores: {
                    [key: string]: number;
                };
                total: number | null;
                recommendation: string | null;
                commentsToApplicants: string | null;
                confidentialComments: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                submittedAt: string | null;
            } | null;
            /** @example sicorp-joint-proposal@1 */
            workflow: string;
            /** @example submitted */
            state: string;
            /**
             * @description The row version, also the ETag
             * @example 3
             */
            version: number;
            /**
             * @description The events you may send now
             * @example [
             *       "START_ELIGIBILITY_CHECK"
             *     ]
             */
            allowedEvents: string[];
            /** @description What the workflow has recorded so far (its context; fields depend on the workflow and on what you may see) */
            progress: {
                [key: string]: unknown;
            };
            /** @description With ?include=schema: the JSON Schema of the body of each allowed event */
            eventSchemas?: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
        };
        AssignmentAfterEvent: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string;
            /**
             * Format: uuid
             * @description null for its reviewer once conflicted with the proposal (declared, or found since)
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            proposalId: string | null;
            /** @example JST */
            agency: string;
            /** @description null for its reviewer once conflicted with the proposal (declared, or found since) */
            proposal: {
                title: string;
                parties: {
                    /** @example JST */
                    agency: string;
                    piName: string;
                    institution: string;
                }[];
            } | null;
            reviewer: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                userId: string;
                name: string;
                institution: string | null;
            };
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            replacesId: string | null;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
            review: {
                /**
                 * @example {
                 *       "excellence": 4,
                 *       "feasibility": 3
                 *     }
                 */
                scores: {
                    [key: string]: number;
                };
                total: number | null;
                recommendation: string | null;
                commentsToApplicants: string | null;
                confidentialComments: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                submittedAt: string | null;
            } | null;
            /** @example sicorp-joint-proposal@1 */
            workflow: string;
            /** @example submitted */
            state: string;
            /**
             * @description The row version, also the ETag
             * @example 3
             */
            version: number;
            /**
             * @description The events you may send now
             * @example [
             *       "START_ELIGIBILITY_CHECK"
             *     ]
             */
            allowedEvents: string[];
            /** @description What the workflow has recorded so far (its context; fields depend on the workflow and on what you may see) */
            progress: {
                [key: string]: unknown;
            };
            /** @description With ?include=schema: the JSON Schema of the body of each allowed event */
            eventSchemas?: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            transition: {
                seq: number;
                /** @example SUBMIT */
                event: string;
                from: string | null;
                to: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                occurredAt: string;
            };
        };
        AssignmentPage: {
            items: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                callId: string;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                proposalId: string;
                /** @example JST */
                agency: string;
                reviewer: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    id: string;
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    userId: string;
                    name: string;
                };
                /** @example invited */
                state: string;
                version: number;
            }[];
            /** @example 1 */
            total: number;
            /** @example 50 */
            limit: number;
            /** @example 0 */
            offset: number;
        };
        History: {
            items: {
                seq: number;
                /** @example SUBMIT */
                event: string;
                payload: {
                    [key: string]: unknown;
                };
                from: string | null;
                to: string;
                actor: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    id: string | null;
                    name: string;
                };
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                at: string;
                hash: string;
                /**
                 * @description Present when steps you may not see (the agencies' internal steps) moved the state since the item before: `from` is then where they left it (masked as you see states), not that item's `to`
                 * @enum {boolean}
                 */
                gap?: true;
            }[];
            /** @description With ?verify=true: the hash chain recomputed, and the instance checked against the head of its log */
            verification?: {
                valid: boolean;
                checked: number;
                firstInvalidSeq: number | null;
                reason: string | null;
                /** @description Each check on its own: the hash chain; the instance's version equals its number of log rows; its state (column and snapshot) is the log head's target */
                checks: {
                    chain: boolean;
                    version: boolean;
                    state: boolean;
                };
            };
        };
        Agency: {
            /** @example JST */
            code: string;
            /**
             * @description The name in English
             * @example Japan Science and Technology Agency
             */
            name: string;
            /** @description The text in English and in Japanese (null: not written in that language) */
            names: {
                /** @example Japan Science and Technology Agency */
                en: string | null;
                /** @example 科学技術振興機構 */
                ja: string | null;
            };
            /** @example JP */
            country: string;
            /** @example JPY */
            currency: string;
            /** @description A government organisation of its country (a J-RAPID call's counterpart must be one) */
            governmental: boolean;
        };
        AgencyList: {
            items: {
                /** @example JST */
                code: string;
                /**
                 * @description The name in English
                 * @example Japan Science and Technology Agency
                 */
                name: string;
                /** @description The text in English and in Japanese (null: not written in that language) */
                names: {
                    /** @example Japan Science and Technology Agency */
                    en: string | null;
                    /** @example 科学技術振興機構 */
                    ja: string | null;
                };
                /** @example JP */
                country: string;
                /** @example JPY */
                currency: string;
                /** @description A government organisation of its country (a J-RAPID call's counterpart must be one) */
                governmental: boolean;
            }[];
        };
        Program: {
            /** @example sicorp-bilateral */
            code: string;
            name: string;
            description: string;
            /** @example sicorp-joint-call@1 */
            callWorkflow: string;
            /** @example sicorp-joint-proposal@1 */
            proposalWorkflow: string;
            minAgencies: number;
            maxAgencies: number | null;
            durationMonths: {
                min: number;
                max: number;
            };
            jstBudgetPerYear: {
                min: number | null;
                max: number | null;
                currency: string;
            };
            /** @description mustInclude, regions, minCountries, routing, minParties */
            rules: {
                [key: string]: unknown;
            };
            /**
             * @description The published workflow of each kind of subject
             * @example {
             *       "call": "sicorp-joint-call@1",
             *       "proposal": "sicorp-joint-proposal@1"
             *     }
             */
            workflows: {
                [key: string]: string;
            };
        };
        ProgramList: {
            items: {
                /** @example sicorp-bilateral */
                code: string;
                name: string;
                description: string;
                /** @example sicorp-joint-call@1 */
                callWorkflow: string;
                /** @example sicorp-joint-proposal@1 */
                proposalWorkflow: string;
                minAgencies: number;
                maxAgencies: number | null;
                durationMonths: {
                    min: number;
                    max: number;
                };
                jstBudgetPerYear: {
                    min: number | null;
                    max: number | null;
                    currency: string;
                };
                /** @description mustInclude, regions, minCountries, routing, minParties */
                rules: {
                    [key: string]: unknown;
                };
                /**
                 * @description The published workflow of each kind of subject
                 * @example {
                 *       "call": "sicorp-joint-call@1",
                 *       "proposal": "sicorp-joint-proposal@1"
                 *     }
                 */
                workflows: {
                    [key: string]: string;
                };
            }[];
        };
        InboxItem: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /** @example proposal-submitted */
            template: string;
            subject: string;
            body: string;
            about: {
                /** @example proposal */
                type: string;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
            } | null;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
            read: boolean;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            readAt: string | null;
        };
        Inbox: {
            items: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                /** @example proposal-submitted */
                template: string;
                subject: string;
                body: string;
                about: {
                    /** @example proposal */
                    type: string;
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    id: string;
                } | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                createdAt: string;
                read: boolean;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                readAt: string | null;
            }[];
            /** @example 1 */
            total: number;
            /** @example 50 */
            limit: number;
            /** @example 0 */
            offset: number;
            unread: number;
        };
        Marked: {
            marked: number;
        };
        NotificationRecord: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            template: string;
            /** @enum {string} */
            channel: "email" | "inbox" | "webhook";
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            about: {
                /** @example proposal */
                type: string;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
            } | null;
            /** @description userId, or the agency of a webhook; never an address */
            recipient: {
                [key: string]: unknown;
            };
            attempts: number;
            retries: number;
            error: string | null;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            deliveredAt: string | null;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            failedAt: string | null;
        };
        NotificationPage: {
            items: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                template: string;
                /** @enum {string} */
                channel: "email" | "inbox" | "webhook";
                /** @enum {string} */
                status: "pending" | "delivered" | "failed";
                about: {
                    /** @example proposal */
                    type: string;
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    id: string;
                } | null;
                /** @description userId, or the agency of a webhook; never an address */
                recipient: {
                    [key: string]: unknown;
                };
                attempts: number;
                retries: number;
                error: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                createdAt: string;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                deliveredAt: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                failedAt: string | null;
            }[];
            /** @example 1 */
            total: number;
            /** @example 50 */
            limit: number;
            /** @example 0 */
            offset: number;
        };
        Retried: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /** @example pending */
            status: string;
            retries: number;
        };
        RetriedMany: {
            retried: number;
            ids: string[];
        };
        Webhook: {
            /** @example JST */
            agency: string;
            /**
             * Format: uri
             * @example https://hooks.example.org/tandem
             */
            url: string;
            active: boolean;
            secretSet?: boolean;
            /**
             * Format: date-time
             * @example 2026-04-01T00:00:00.000Z
             */
            updatedAt: string;
        };
        Reviewer: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            id: string;
            /** @example JST */
            agency: string;
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            userId: string;
            /** @example reviewer@jst.example */
            email: string;
            name: string;
            institution: string | null;
            expertise: string[];
            recentCoauthors: string[];
        };
        ReviewerList: {
            items: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                id: string;
                /** @example JST */
                agency: string;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                userId: string;
                /** @example reviewer@jst.example */
                email: string;
                name: string;
                institution: string | null;
                expertise: string[];
                recentCoauthors: string[];
            }[];
        };
        ProposedAssignment: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string;
            /** @example JST */
            agency: string;
            minimum: number;
            plan: {
                pairs: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    proposalId: string;
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    reviewerId: string;
                    matchedKeywords: number;
                }[];
                shortfalls: {
                    [key: string]: unknown;
                }[];
                loads: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    reviewerId: string;
                    load: number;
                }[];
            };
            fingerprint: string;
        };
        BulkAssigned: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string;
            /** @example JST */
            agency: string;
            created: number;
            assignmentIds: string[];
        };
        Ranking: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string;
            items: {
                position: number;
                computedPosition: number;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                proposalId: string;
                title: string;
                consensusScore: number | null;
                recommendation: string | null;
                agencyRanks: {
                    [key: string]: number;
                };
                moves: {
                    [key: string]: unknown;
                }[];
            }[];
        };
        JointRanking: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string;
            /** @example selection */
            state: string;
            secretariat: {
                /** @example JST */
                agency: string;
                appointees: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    id: string;
                    /** @example JST Program Officer */
                    name: string;
                }[];
            };
            rules: {
                /** @enum {string} */
                rule: "mean-normalised-borda" | "sum-of-ranks";
                description: string;
                default: boolean;
            }[];
            toRank: {
                agency: string;
                proposals: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    proposalId: string;
                    title: string;
                }[];
                submitted: boolean;
            }[];
            agencyRankings: {
                agency: string;
                submittedBy: string | null;
                submittedAt: string;
                items: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    proposalId: string;
                    title: string;
                    position: number;
                }[];
            }[];
            compilation: {
                /** @enum {string} */
                rule: "mean-normalised-borda" | "sum-of-ranks";
                ruleDescription: string;
                tieOrder: string[];
                note: string | null;
                compiledBy: string | null;
                compiledAt: string;
            } | null;
            items: {
                position: number;
                computedPosition: number;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                proposalId: string;
                title: string;
                merit: number | null;
                agencyRanks: {
                    [key: string]: number;
                };
            }[];
        };
        ProposedSelection: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            callId: string;
            items: {
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                proposalId: string;
                position: number;
                /** @example select */
                decision: string;
                requests: {
                    [key: string]: number;
                };
                blockedBy: string[];
            }[];
            budgets: {
                /** @example JST */
                agency: string;
                envelope: number;
                used: number;
                remaining: number;
            }[];
        };
        ProposalReviews: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            proposalId: string;
            items: {
                /**
                 * @example {
                 *       "excellence": 4,
                 *       "feasibility": 3
                 *     }
                 */
                scores?: {
                    [key: string]: number;
                };
                total?: number | null;
                recommendation?: string | null;
                commentsToApplicants: string | null;
                confidentialComments?: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                submittedAt?: string | null;
                /** @example Reviewer 1 */
                label: string;
                /** @example JST */
                agency: string;
                /**
                 * Format: uuid
                 * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                 */
                assignmentId?: string;
                reviewer?: {
                    /**
                     * Format: uuid
                     * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
                     */
                    userId: string;
                    name: string;
                };
            }[];
        };
        Panel: {
            /**
             * Format: uuid
             * @example 0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f
             */
            proposalId: string;
            panelOn: boolean;
            assessments: {
                /** @example JST */
                agency: string;
                score: number;
                recommendation: string;
                summary: string | null;
                recordedBy: string | null;
                /**
                 * Format: date-time
                 * @example 2026-04-01T00:00:00.000Z
                 */
                recordedAt: string | null;
            }[];
            reviewsCompleted: string[];
            consensus: {
                [key: string]: unknown;
            } | null;
            signOffs: {
                [key: string]: unknown;
            }[];
        };
        Health: {
            /** @example ok */
            status: string;
        };
        Readiness: {
            /** @example ok */
            status: string;
            info?: {
                [key: string]: unknown;
            };
            error?: {
                [key: string]: unknown;
            };
            details?: {
                [key: string]: unknown;
            };
        };
        Problem: {
            /** @example urn:tandem:problem:event-not-allowed */
            type: string;
            /** @example Event not allowed */
            title: string;
            /** @example 409 */
            status: number;
            detail?: string;
            instance?: string;
            /** @example event-not-allowed */
            code: string;
            /** @description validation-failed: each field and why */
            errors?: {
                field: string;
                message: string;
            }[];
            /** @description rule-violated: each rule that refuses it */
            reasons?: string[];
            /** @description event-not-allowed: what you may send now */
            allowedEvents?: string[];
            /** @description internal: quote it when reporting the error */
            errorId?: string;
        } & {
            [key: string]: unknown;
        };
        /**
         * ADD_AGENCY_CRITERIA
         * @description An agency adds its own criteria, scored by its reviewers (the list replaces the agency's earlier one).
         */
        CallEvent_ADD_AGENCY_CRITERIA: {
            /** @enum {string} */
            type: "ADD_AGENCY_CRITERIA";
            agency?: string;
            criteria: {
                key: string;
                label: string;
                weight: number;
                threshold?: number | null;
            }[];
        } | {
            /** @enum {string} */
            type: "ADD_AGENCY_CRITERIA";
            agency?: string;
            criteria: {
                key: string;
                label: string;
                weight: number;
                threshold?: number | null;
                labels?: {
                    en?: string;
                    ja?: string;
                };
                descriptions?: {
                    en?: string;
                    ja?: string;
                };
            }[];
        };
        /**
         * ANNOUNCE
         * @description The agencies announce the call together, once every required language version of its texts exists. Every participating agency must first have approved its participation.
         */
        CallEvent_ANNOUNCE: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ANNOUNCE";
        };
        /**
         * ANNOUNCE_RESULTS
         * @description The results are announced: every decided proposal's principal investigators are told.
         */
        CallEvent_ANNOUNCE_RESULTS: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ANNOUNCE_RESULTS";
        };
        /**
         * APPROVE_PARTICIPATION
         * @description An agency approves its participation in the call: its own envelope per fiscal year, its per-project cap and the program officers and directors it appoints, and the JPY per unit of its currency it reckons with (sent again, it replaces them).
         */
        CallEvent_APPROVE_PARTICIPATION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "APPROVE_PARTICIPATION";
            agency?: string;
            envelopes: {
                fiscalYear: number;
                amount: number;
            }[];
            capPerProjectPerYear: number;
            appointees: string[];
            jpyPerUnit?: number;
        };
        /**
         * ARCHIVE
         * @description The call is archived once every proposal submitted to it has its result.
         */
        CallEvent_ARCHIVE: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ARCHIVE";
        };
        /**
         * BOARD_APPROVE_SELECTION
         * @description The board meeting decides on the fellow: approving the selected candidate appoints the fellow; rejecting every candidate on its list appoints none (the unit stays established).
         */
        CallEvent_BOARD_APPROVE_SELECTION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "BOARD_APPROVE_SELECTION";
            note?: string;
            rejections?: {
                /** Format: uuid */
                proposalId: string;
                reason: string;
            }[];
            deferrals?: {
                /** Format: uuid */
                proposalId: string;
                /** Format: date-time */
                until: string;
                reason?: string;
            }[];
        };
        /**
         * CANCEL
         * @description The call is cancelled before it closes.
         */
        CallEvent_CANCEL: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CANCEL";
            reason: string;
        };
        /**
         * CLOSE
         * @description The submission deadline passes.
         */
        CallEvent_CLOSE: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CLOSE";
        };
        /**
         * CLOSE_FULL_PROPOSALS
         * @description The full-proposal deadline passes.
         */
        CallEvent_CLOSE_FULL_PROPOSALS: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CLOSE_FULL_PROPOSALS";
        };
        /**
         * COMPILE_JOINT_RANKING
         * @description The joint review meeting compiles the joint ranking from the agencies' rankings by its merge rule, recording the order of any tie; selection starts.
         */
        CallEvent_COMPILE_JOINT_RANKING: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "COMPILE_JOINT_RANKING";
            /** @enum {string} */
            rule?: "mean-normalised-borda" | "sum-of-ranks";
            tieOrder?: string[];
            note?: string;
        };
        /**
         * CONCLUDE_DELIBERATION
         * @description The steering committee concludes with its recommendation to the board.
         */
        CallEvent_CONCLUDE_DELIBERATION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CONCLUDE_DELIBERATION";
            /** @enum {string} */
            recommendation: "approve" | "approve_with_changes" | "reject";
            note?: string;
        };
        /**
         * CONCLUDE_SELECTION
         * @description Every agency has confirmed its selection: the selection is concluded.
         */
        CallEvent_CONCLUDE_SELECTION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CONCLUDE_SELECTION";
        };
        /**
         * CONFIGURE_REVIEW
         * @description The lead agency sets up the review: score scale, common criteria and weights, thresholds, minimum reviewers, due date, redress period.
         */
        CallEvent_CONFIGURE_REVIEW: {
            /** @enum {string} */
            type: "CONFIGURE_REVIEW";
            scale?: {
                min: number;
                max: number;
            };
            criteria?: {
                key: string;
                label: string;
                weight: number;
                threshold?: number | null;
            }[];
            recommendationScale?: string[];
            minReviewersPerAgency?: number;
            /** Format: date-time */
            reviewDue?: string | null;
            totalThreshold?: number | null;
            reviewersSeeOthers?: boolean;
            redressDays?: number;
        } | {
            /** @enum {string} */
            type: "CONFIGURE_REVIEW";
            scale?: {
                min: number;
                max: number;
            };
            criteria?: {
                key: string;
                label: string;
                weight: number;
                threshold?: number | null;
                labels?: {
                    en?: string;
                    ja?: string;
                };
                descriptions?: {
                    en?: string;
                    ja?: string;
                };
            }[];
            recommendationScale?: string[];
            minReviewersPerAgency?: number;
            /** Format: date-time */
            reviewDue?: string | null;
            totalThreshold?: number | null;
            reviewersSeeOthers?: boolean;
            redressDays?: number;
        };
        /**
         * CONFIRM_SELECTION
         * @description NINS and the partner institute each confirm the fellow they select.
         */
        CallEvent_CONFIRM_SELECTION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CONFIRM_SELECTION";
            agency?: string;
            decisions: {
                /** Format: uuid */
                proposalId: string;
                /** @enum {string} */
                decision: "select" | "waitlist" | "reject";
            }[];
            /** @enum {string} */
            rest?: "waitlist" | "reject";
        };
        /**
         * ESCALATE_RAPID_DECISIONS
         * @description Timer: the decisions on the call's proposals are overdue (the rapid timeline); it is escalated to the agencies' PDs and POs.
         */
        CallEvent_ESCALATE_RAPID_DECISIONS: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ESCALATE_RAPID_DECISIONS";
        };
        /**
         * MOVE_IN_RANKING
         * @description A manual move in the joint ranking, with its reason (kept as provenance), until an agency confirms its selection over it.
         */
        CallEvent_MOVE_IN_RANKING: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "MOVE_IN_RANKING";
            /** Format: uuid */
            proposalId: string;
            position: number;
            reason: string;
        };
        /**
         * OPEN
         * @description The call opens for submissions, once every required language version of its texts exists; after a disaster it may open straight from its draft. Every participating agency must first have approved its participation.
         */
        CallEvent_OPEN: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "OPEN";
        };
        /**
         * OPEN_FULL_PROPOSALS
         * @description The invited applicants may submit their full proposals.
         */
        CallEvent_OPEN_FULL_PROPOSALS: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "OPEN_FULL_PROPOSALS";
        };
        /**
         * RECORD_BOARD_MEETING
         * @description The board meeting is recorded: its date and attendees.
         */
        CallEvent_RECORD_BOARD_MEETING: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "RECORD_BOARD_MEETING";
            /** Format: date-time */
            date: string;
            attendees: string[];
        };
        /**
         * RECORD_FUNDING_DECISIONS
         * @description An agency's board approves funding its side of every selected project it is involved in, declining the ones it names.
         */
        CallEvent_RECORD_FUNDING_DECISIONS: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "RECORD_FUNDING_DECISIONS";
            agency?: string;
            declines?: {
                /** Format: uuid */
                proposalId: string;
                reason: string;
            }[];
        };
        /**
         * RECORD_OPINION
         * @description A member of the steering committee records an opinion and a recommendation on the list.
         */
        CallEvent_RECORD_OPINION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "RECORD_OPINION";
            /** @enum {string} */
            recommendation: "approve" | "approve_with_changes" | "reject";
            opinion: string;
        };
        /**
         * REMIND_RAPID_DECISIONS
         * @description Timer: the decisions on the call's proposals are due soon (the rapid timeline); the agencies' staff are reminded.
         */
        CallEvent_REMIND_RAPID_DECISIONS: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REMIND_RAPID_DECISIONS";
        };
        /**
         * SET_NATIONAL_CRITERIA
         * @description An agency publishes its national eligibility criteria for its own researchers (the list replaces its earlier one).
         */
        CallEvent_SET_NATIONAL_CRITERIA: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SET_NATIONAL_CRITERIA";
            agency?: string;
            criteria: string[];
        };
        /**
         * START_PANEL
         * @description The joint selection committee of NINS and the partner institute convenes.
         */
        CallEvent_START_PANEL: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "START_PANEL";
            /** Format: date-time */
            date?: string;
        };
        /**
         * START_REVIEW
         * @description Each agency starts reviewing its side.
         */
        CallEvent_START_REVIEW: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "START_REVIEW";
        };
        /**
         * START_SELECTION
         * @description Once every proposal's panel result is signed off, the joint ranking is drawn from the consensus and selection starts.
         */
        CallEvent_START_SELECTION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "START_SELECTION";
        };
        /**
         * SUBMIT_AGENCY_RANKING
         * @description An agency submits its ordered ranking of its own proposals, by its own review, best first (sent again before the joint ranking is compiled, it replaces the earlier one).
         */
        CallEvent_SUBMIT_AGENCY_RANKING: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SUBMIT_AGENCY_RANKING";
            agency?: string;
            order: string[];
        };
        /**
         * SUBMIT_TO_BOARD
         * @description The selected fellow goes to the steering committee (personnel) and then to the board meeting.
         */
        CallEvent_SUBMIT_TO_BOARD: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SUBMIT_TO_BOARD";
        };
        /** @description The body of an event sent to a call: `type` names the event, the other fields are its payload. The resource's `allowedEvents` lists those you may send now (`?include=schema` adds their schemas). */
        CallEvent: components["schemas"]["CallEvent_ADD_AGENCY_CRITERIA"] | components["schemas"]["CallEvent_ANNOUNCE"] | components["schemas"]["CallEvent_ANNOUNCE_RESULTS"] | components["schemas"]["CallEvent_APPROVE_PARTICIPATION"] | components["schemas"]["CallEvent_ARCHIVE"] | components["schemas"]["CallEvent_BOARD_APPROVE_SELECTION"] | components["schemas"]["CallEvent_CANCEL"] | components["schemas"]["CallEvent_CLOSE"] | components["schemas"]["CallEvent_CLOSE_FULL_PROPOSALS"] | components["schemas"]["CallEvent_COMPILE_JOINT_RANKING"] | components["schemas"]["CallEvent_CONCLUDE_DELIBERATION"] | components["schemas"]["CallEvent_CONCLUDE_SELECTION"] | components["schemas"]["CallEvent_CONFIGURE_REVIEW"] | components["schemas"]["CallEvent_CONFIRM_SELECTION"] | components["schemas"]["CallEvent_ESCALATE_RAPID_DECISIONS"] | components["schemas"]["CallEvent_MOVE_IN_RANKING"] | components["schemas"]["CallEvent_OPEN"] | components["schemas"]["CallEvent_OPEN_FULL_PROPOSALS"] | components["schemas"]["CallEvent_RECORD_BOARD_MEETING"] | components["schemas"]["CallEvent_RECORD_FUNDING_DECISIONS"] | components["schemas"]["CallEvent_RECORD_OPINION"] | components["schemas"]["CallEvent_REMIND_RAPID_DECISIONS"] | components["schemas"]["CallEvent_SET_NATIONAL_CRITERIA"] | components["schemas"]["CallEvent_START_PANEL"] | components["schemas"]["CallEvent_START_REVIEW"] | components["schemas"]["CallEvent_START_SELECTION"] | components["schemas"]["CallEvent_SUBMIT_AGENCY_RANKING"] | components["schemas"]["CallEvent_SUBMIT_TO_BOARD"];
        /**
         * ANNOUNCE_RESULT
         * @description The result is announced: each party's principal investigator is told the decision, with the comments to the applicants.
         */
        ProposalEvent_ANNOUNCE_RESULT: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ANNOUNCE_RESULT";
        };
        /**
         * APPROVE_FUNDING
         * @description An involved agency's board approves funding its side of the selected project, within what is left of its envelope.
         */
        ProposalEvent_APPROVE_FUNDING: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "APPROVE_FUNDING";
            agency?: string;
        };
        /**
         * APPROVE_REQUEST
         * @description The center approves its support of the workshop, deciding each request as it comes.
         */
        ProposalEvent_APPROVE_REQUEST: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "APPROVE_REQUEST";
        };
        /**
         * BOARD_APPROVE
         * @description The board meeting approves the selected project.
         */
        ProposalEvent_BOARD_APPROVE: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "BOARD_APPROVE";
        };
        /**
         * BOARD_DEFER
         * @description The board meeting defers the project to a later meeting.
         */
        ProposalEvent_BOARD_DEFER: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "BOARD_DEFER";
            /** Format: date-time */
            until: string;
            reason?: string;
        };
        /**
         * BOARD_REJECT
         * @description The board meeting rejects the selected project, with a reason.
         */
        ProposalEvent_BOARD_REJECT: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "BOARD_REJECT";
            reason: string;
        };
        /**
         * BRING_BACK_TO_BOARD
         * @description Timer (or the lead PD): a deferred project returns to the board list for its later meeting.
         */
        ProposalEvent_BRING_BACK_TO_BOARD: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "BRING_BACK_TO_BOARD";
        };
        /**
         * CALL_CANCELLED
         * @description The call was cancelled: the proposal closes, its applicants, agencies and reviewers are told, and its open assignments end.
         */
        ProposalEvent_CALL_CANCELLED: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CALL_CANCELLED";
            reason: string;
        };
        /**
         * CLOSE_REBUTTAL
         * @description The lead agency closes the rebuttal period without an answer; the proposal goes to the joint panel.
         */
        ProposalEvent_CLOSE_REBUTTAL: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CLOSE_REBUTTAL";
        };
        /**
         * CLOSE_REDRESS_WINDOW
         * @description Timer: the redress period has ended without a request.
         */
        ProposalEvent_CLOSE_REDRESS_WINDOW: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CLOSE_REDRESS_WINDOW";
        };
        /**
         * CLOSE_WAITLIST
         * @description The waitlist closes; the proposal is rejected.
         */
        ProposalEvent_CLOSE_WAITLIST: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CLOSE_WAITLIST";
        };
        /**
         * COMPLETE_AGENCY_REVIEW
         * @description Once its minimum reviews are in, an agency's PO (or the counterpart's officer) records its assessment and completes its review.
         */
        ProposalEvent_COMPLETE_AGENCY_REVIEW: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "COMPLETE_AGENCY_REVIEW";
            agency?: string;
            score: number;
            recommendation: string;
            summary: string;
        };
        /**
         * COMPLETE_PEER_REVIEW
         * @description The joint call secretariat closes the online peer review of the proposal once its evaluators have all submitted.
         */
        ProposalEvent_COMPLETE_PEER_REVIEW: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "COMPLETE_PEER_REVIEW";
            summary?: string;
        };
        /**
         * DECIDE_EXTENSION
         * @description An agency decides on extending its side of the project past its first period; it is extended only if every agency extends.
         */
        ProposalEvent_DECIDE_EXTENSION: {
            /** @enum {string} */
            type: "DECIDE_EXTENSION";
            agency?: string;
            extend: boolean;
            reason?: string;
        } | {
            /** @enum {string} */
            type: "DECIDE_EXTENSION";
            agency?: string;
            extend: boolean;
            reason?: string;
            budgetPerYear?: number[];
        };
        /**
         * DECIDE_REDRESS
         * @description The PD upholds or dismisses the redress request, with reasons.
         */
        ProposalEvent_DECIDE_REDRESS: {
            /** @enum {string} */
            type: "DECIDE_REDRESS";
            /** @enum {string} */
            outcome: "uphold" | "dismiss";
            reasons: string;
        } | {
            /** @enum {string} */
            type: "DECIDE_REDRESS";
            agency?: string;
            /** @enum {string} */
            outcome: "uphold" | "dismiss";
            reasons: string;
        };
        /**
         * DECLINE_FUNDING
         * @description An involved agency's board declines to fund its side, with a reason: the joint project is not funded.
         */
        ProposalEvent_DECLINE_FUNDING: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "DECLINE_FUNDING";
            agency?: string;
            reason: string;
        };
        /**
         * DECLINE_PRE_PROPOSAL
         * @description The pre-proposal is not retained, with a reason.
         */
        ProposalEvent_DECLINE_PRE_PROPOSAL: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "DECLINE_PRE_PROPOSAL";
            reason: string;
        };
        /**
         * DECLINE_REQUEST
         * @description The center declines the request, with a reason.
         */
        ProposalEvent_DECLINE_REQUEST: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "DECLINE_REQUEST";
            reason: string;
        };
        /**
         * END_SECOND_PERIOD
         * @description Timer: the second period of the hub ends; the hub is completed.
         */
        ProposalEvent_END_SECOND_PERIOD: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "END_SECOND_PERIOD";
        };
        /**
         * ESCALATE_BOARD
         * @description Timer: the decision on the board's item is overdue; it is escalated to the PDs and POs.
         */
        ProposalEvent_ESCALATE_BOARD: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ESCALATE_BOARD";
        };
        /**
         * ESCALATE_CONSOLIDATION
         * @description Timer: the agencies' consolidation is overdue; it is escalated to their PDs and POs.
         */
        ProposalEvent_ESCALATE_CONSOLIDATION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ESCALATE_CONSOLIDATION";
        };
        /**
         * ESCALATE_ELIGIBILITY
         * @description Timer: the eligibility check is overdue; it is escalated to the agencies' PDs and POs.
         */
        ProposalEvent_ESCALATE_ELIGIBILITY: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ESCALATE_ELIGIBILITY";
        };
        /**
         * ESCALATE_SIGN_OFF
         * @description Timer: the panel's result is not signed off in time; it is escalated to the PDs and POs.
         */
        ProposalEvent_ESCALATE_SIGN_OFF: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ESCALATE_SIGN_OFF";
        };
        /**
         * INFORMATION_OVERDUE
         * @description Timer: the applicants' answer window has ended without an answer; the program's rule applies (escalation, or withdrawal).
         */
        ProposalEvent_INFORMATION_OVERDUE: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "INFORMATION_OVERDUE";
        };
        /**
         * INVITE_FULL_PROPOSAL
         * @description The pre-proposal is retained: its applicants are invited to submit a full proposal.
         */
        ProposalEvent_INVITE_FULL_PROPOSAL: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "INVITE_FULL_PROPOSAL";
        };
        /**
         * PROMOTE_FROM_WAITLIST
         * @description The lead agency promotes a waitlisted proposal once every agency has budget for it.
         */
        ProposalEvent_PROMOTE_FROM_WAITLIST: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "PROMOTE_FROM_WAITLIST";
        };
        /**
         * PROVIDE_INFORMATION
         * @description The applicants answer; the proposal returns where it was.
         */
        ProposalEvent_PROVIDE_INFORMATION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "PROVIDE_INFORMATION";
            response: string;
        };
        /**
         * RECORD_PANEL_RESULT
         * @description The joint panel records its consensus score, recommendation and minutes; every agency then signs it off.
         */
        ProposalEvent_RECORD_PANEL_RESULT: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "RECORD_PANEL_RESULT";
            /** @enum {string} */
            recommendation: "fund" | "reserve" | "do_not_fund";
            score: number;
            minutes?: string;
        };
        /**
         * RECORD_SELECTION
         * @description An agency records its funding decision, selecting only within what is left of its envelope; the project is selected only when every agency selects it.
         */
        ProposalEvent_RECORD_SELECTION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "RECORD_SELECTION";
            agency?: string;
            /** @enum {string} */
            decision: "select" | "waitlist" | "reject";
        };
        /**
         * REMIND_BOARD
         * @description Timer: the board's (or the agencies' funding) decision on the item is due soon.
         */
        ProposalEvent_REMIND_BOARD: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REMIND_BOARD";
        };
        /**
         * REMIND_CONSOLIDATION
         * @description Timer: the agencies' consolidation of their reviews is due soon; their POs are reminded.
         */
        ProposalEvent_REMIND_CONSOLIDATION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REMIND_CONSOLIDATION";
        };
        /**
         * REMIND_ELIGIBILITY
         * @description Timer: the eligibility check is due soon; the agencies' staff are reminded.
         */
        ProposalEvent_REMIND_ELIGIBILITY: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REMIND_ELIGIBILITY";
        };
        /**
         * REMIND_INFORMATION
         * @description Timer: the answer to the request for information is due soon; the applicants are reminded.
         */
        ProposalEvent_REMIND_INFORMATION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REMIND_INFORMATION";
        };
        /**
         * REMIND_SIGN_OFF
         * @description Timer: the agencies' sign-off of the panel's result is due soon; their POs are reminded.
         */
        ProposalEvent_REMIND_SIGN_OFF: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REMIND_SIGN_OFF";
        };
        /**
         * REOPEN_PANEL
         * @description An agency that has not signed yet reopens the panel's discussion of the proposal.
         */
        ProposalEvent_REOPEN_PANEL: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REOPEN_PANEL";
            agency?: string;
            reason: string;
        };
        /**
         * REQUEST_INFORMATION
         * @description An agency sends the proposal back to its applicants for more information.
         */
        ProposalEvent_REQUEST_INFORMATION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REQUEST_INFORMATION";
            message: string;
        };
        /**
         * REQUEST_REDRESS
         * @description The applicants of a proposal not funded, or ruled ineligible, ask for a review of the procedure within the redress period.
         */
        ProposalEvent_REQUEST_REDRESS: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REQUEST_REDRESS";
            grounds: string;
        };
        /**
         * RULE_COMMON_ELIGIBILITY
         * @description The lead agency, for the joint call secretariat, rules on the criteria common to the call (the consortium's make-up).
         */
        ProposalEvent_RULE_COMMON_ELIGIBILITY: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "RULE_COMMON_ELIGIBILITY";
            eligible: boolean;
            reasons?: string[];
        };
        /**
         * RULE_ELIGIBILITY
         * @description An agency rules on the eligibility of its own party.
         */
        ProposalEvent_RULE_ELIGIBILITY: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "RULE_ELIGIBILITY";
            agency?: string;
            eligible: boolean;
            reasons?: string[];
        };
        /**
         * RULE_NATIONAL_ELIGIBILITY
         * @description An agency rules on its own party against the national criteria it published with the call, naming those not met (none: eligible).
         */
        ProposalEvent_RULE_NATIONAL_ELIGIBILITY: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "RULE_NATIONAL_ELIGIBILITY";
            agency?: string;
            unmet: string[];
        };
        /**
         * SEND_BACK_AGENCY_REVIEW
         * @description The agency's PD sends its agency's consolidation back to the PO, with a reason.
         */
        ProposalEvent_SEND_BACK_AGENCY_REVIEW: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SEND_BACK_AGENCY_REVIEW";
            agency?: string;
            reason: string;
        };
        /**
         * SIGN_OFF_PANEL
         * @description An agency signs off the panel's result; it is final once every agency has.
         */
        ProposalEvent_SIGN_OFF_PANEL: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SIGN_OFF_PANEL";
            agency?: string;
        };
        /**
         * START_ELIGIBILITY_CHECK
         * @description An agency starts the eligibility check of a submitted proposal.
         */
        ProposalEvent_START_ELIGIBILITY_CHECK: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "START_ELIGIBILITY_CHECK";
        };
        /**
         * START_INTERIM_EVALUATION
         * @description The first period of the awarded project ends: the interim evaluation starts and its applicants are asked for their report.
         */
        ProposalEvent_START_INTERIM_EVALUATION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "START_INTERIM_EVALUATION";
        };
        /**
         * SUBMIT
         * @description The applicants submit the joint proposal while the call is open.
         */
        ProposalEvent_SUBMIT: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SUBMIT";
        };
        /**
         * SUBMIT_FULL_PROPOSAL
         * @description The invited applicants submit their full proposal while the call takes full proposals.
         */
        ProposalEvent_SUBMIT_FULL_PROPOSAL: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SUBMIT_FULL_PROPOSAL";
        };
        /**
         * SUBMIT_INTERIM_REPORT
         * @description The applicants submit the interim report of the project.
         */
        ProposalEvent_SUBMIT_INTERIM_REPORT: {
            /** @enum {string} */
            type: "SUBMIT_INTERIM_REPORT";
            report: string;
        } | {
            /** @enum {string} */
            type: "SUBMIT_INTERIM_REPORT";
            report: string;
            extensionMonths?: number;
        };
        /**
         * SUBMIT_REBUTTAL
         * @description The applicants answer the agencies' consolidated reviews once, before the joint panel meets.
         */
        ProposalEvent_SUBMIT_REBUTTAL: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SUBMIT_REBUTTAL";
            response: string;
        };
        /**
         * SUBMIT_REPORT
         * @description After the workshop, its organisers report on it.
         */
        ProposalEvent_SUBMIT_REPORT: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SUBMIT_REPORT";
            report: string;
        };
        /**
         * WAIVE_CONFLICT
         * @description The agency's PD waives one conflict of interest (its kind; needed when there are several) of a reviewer of the agency's own pool with this proposal, with a written justification; a party's is never waived.
         */
        ProposalEvent_WAIVE_CONFLICT: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "WAIVE_CONFLICT";
            agency?: string;
            /** Format: uuid */
            reviewerUserId: string;
            /** @enum {string} */
            kind?: "same-institution" | "co-author" | "declared";
            justification: string;
        };
        /**
         * WITHDRAW
         * @description The applicants withdraw the proposal before selection; the reviews still awaited of it end.
         */
        ProposalEvent_WITHDRAW: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "WITHDRAW";
            reason?: string;
        };
        /** @description The body of an event sent to a proposal: `type` names the event, the other fields are its payload. The resource's `allowedEvents` lists those you may send now (`?include=schema` adds their schemas). */
        ProposalEvent: components["schemas"]["ProposalEvent_ANNOUNCE_RESULT"] | components["schemas"]["ProposalEvent_APPROVE_FUNDING"] | components["schemas"]["ProposalEvent_APPROVE_REQUEST"] | components["schemas"]["ProposalEvent_BOARD_APPROVE"] | components["schemas"]["ProposalEvent_BOARD_DEFER"] | components["schemas"]["ProposalEvent_BOARD_REJECT"] | components["schemas"]["ProposalEvent_BRING_BACK_TO_BOARD"] | components["schemas"]["ProposalEvent_CALL_CANCELLED"] | components["schemas"]["ProposalEvent_CLOSE_REBUTTAL"] | components["schemas"]["ProposalEvent_CLOSE_REDRESS_WINDOW"] | components["schemas"]["ProposalEvent_CLOSE_WAITLIST"] | components["schemas"]["ProposalEvent_COMPLETE_AGENCY_REVIEW"] | components["schemas"]["ProposalEvent_COMPLETE_PEER_REVIEW"] | components["schemas"]["ProposalEvent_DECIDE_EXTENSION"] | components["schemas"]["ProposalEvent_DECIDE_REDRESS"] | components["schemas"]["ProposalEvent_DECLINE_FUNDING"] | components["schemas"]["ProposalEvent_DECLINE_PRE_PROPOSAL"] | components["schemas"]["ProposalEvent_DECLINE_REQUEST"] | components["schemas"]["ProposalEvent_END_SECOND_PERIOD"] | components["schemas"]["ProposalEvent_ESCALATE_BOARD"] | components["schemas"]["ProposalEvent_ESCALATE_CONSOLIDATION"] | components["schemas"]["ProposalEvent_ESCALATE_ELIGIBILITY"] | components["schemas"]["ProposalEvent_ESCALATE_SIGN_OFF"] | components["schemas"]["ProposalEvent_INFORMATION_OVERDUE"] | components["schemas"]["ProposalEvent_INVITE_FULL_PROPOSAL"] | components["schemas"]["ProposalEvent_PROMOTE_FROM_WAITLIST"] | components["schemas"]["ProposalEvent_PROVIDE_INFORMATION"] | components["schemas"]["ProposalEvent_RECORD_PANEL_RESULT"] | components["schemas"]["ProposalEvent_RECORD_SELECTION"] | components["schemas"]["ProposalEvent_REMIND_BOARD"] | components["schemas"]["ProposalEvent_REMIND_CONSOLIDATION"] | components["schemas"]["ProposalEvent_REMIND_ELIGIBILITY"] | components["schemas"]["ProposalEvent_REMIND_INFORMATION"] | components["schemas"]["ProposalEvent_REMIND_SIGN_OFF"] | components["schemas"]["ProposalEvent_REOPEN_PANEL"] | components["schemas"]["ProposalEvent_REQUEST_INFORMATION"] | components["schemas"]["ProposalEvent_REQUEST_REDRESS"] | components["schemas"]["ProposalEvent_RULE_COMMON_ELIGIBILITY"] | components["schemas"]["ProposalEvent_RULE_ELIGIBILITY"] | components["schemas"]["ProposalEvent_RULE_NATIONAL_ELIGIBILITY"] | components["schemas"]["ProposalEvent_SEND_BACK_AGENCY_REVIEW"] | components["schemas"]["ProposalEvent_SIGN_OFF_PANEL"] | components["schemas"]["ProposalEvent_START_ELIGIBILITY_CHECK"] | components["schemas"]["ProposalEvent_START_INTERIM_EVALUATION"] | components["schemas"]["ProposalEvent_SUBMIT"] | components["schemas"]["ProposalEvent_SUBMIT_FULL_PROPOSAL"] | components["schemas"]["ProposalEvent_SUBMIT_INTERIM_REPORT"] | components["schemas"]["ProposalEvent_SUBMIT_REBUTTAL"] | components["schemas"]["ProposalEvent_SUBMIT_REPORT"] | components["schemas"]["ProposalEvent_WAIVE_CONFLICT"] | components["schemas"]["ProposalEvent_WITHDRAW"];
        /**
         * ACCEPT
         * @description The reviewer accepts, declaring no conflict of interest; the proposal opens to them.
         */
        AssignmentEvent_ACCEPT: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "ACCEPT";
            /** @enum {boolean} */
            declaresNoConflict: true;
        };
        /**
         * CALL_CANCELLED
         * @description The call was cancelled: the assignment ends and the reviewer is told, with the call's reason.
         */
        AssignmentEvent_CALL_CANCELLED: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CALL_CANCELLED";
            reason: string;
        };
        /**
         * DECLARE_CONFLICT
         * @description The reviewer declares a conflict of interest found after accepting (and, optionally, its kind); the proposal closes to them.
         */
        AssignmentEvent_DECLARE_CONFLICT: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "DECLARE_CONFLICT";
            reason: string;
            /** @enum {string} */
            conflictType?: "collaborator" | "advisor" | "institutional" | "personal" | "other";
        };
        /**
         * DECLINE
         * @description The reviewer declines with a reason (a declared conflict of interest is recorded).
         */
        AssignmentEvent_DECLINE: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "DECLINE";
            reason: string;
            conflictOfInterest?: boolean;
        };
        /**
         * MARK_OVERDUE
         * @description Timer: the due date has passed without a submitted review; the agency is told.
         */
        AssignmentEvent_MARK_OVERDUE: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "MARK_OVERDUE";
        };
        /**
         * PROPOSAL_WITHDRAWN
         * @description The applicants withdrew the proposal: the assignment ends and the reviewer is told (not the applicants' reason).
         */
        AssignmentEvent_PROPOSAL_WITHDRAWN: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "PROPOSAL_WITHDRAWN";
        };
        /**
         * REASSIGN
         * @description The agency's PO or officer hands the review to another reviewer of the agency's pool; the reviewer is told why.
         */
        AssignmentEvent_REASSIGN: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REASSIGN";
            /** Format: uuid */
            reviewerId: string;
            reason: string;
            /** Format: date-time */
            dueAt?: string;
        };
        /**
         * REMIND
         * @description Reminds the reviewer that the review is due: the timer before the due date, or the agency's PO or officer at any time.
         */
        AssignmentEvent_REMIND: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REMIND";
        };
        /**
         * REOPEN
         * @description The agency's PO reopens an overdue assignment for a late review, with a new due date.
         */
        AssignmentEvent_REOPEN: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "REOPEN";
            /** Format: date-time */
            dueAt: string;
            reason?: string;
        };
        /**
         * SAVE_DRAFT
         * @description The reviewer saves a draft of the review.
         */
        AssignmentEvent_SAVE_DRAFT: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SAVE_DRAFT";
            scores?: {
                [key: string]: number;
            };
            recommendation?: string;
            commentsToApplicants?: string;
            confidentialComments?: string;
        };
        /**
         * SUBMIT_REVIEW
         * @description The reviewer submits the complete review (the draft plus these fields) before the due date.
         */
        AssignmentEvent_SUBMIT_REVIEW: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SUBMIT_REVIEW";
            scores?: {
                [key: string]: number;
            };
            recommendation?: string;
            commentsToApplicants?: string;
            confidentialComments?: string;
        };
        /**
         * WITHDRAW
         * @description The agency's staff withdraw the assignment, with a reason; the reviewer is told.
         */
        AssignmentEvent_WITHDRAW: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "WITHDRAW";
            reason: string;
        };
        /** @description The body of an event sent to a assignment: `type` names the event, the other fields are its payload. The resource's `allowedEvents` lists those you may send now (`?include=schema` adds their schemas). */
        AssignmentEvent: components["schemas"]["AssignmentEvent_ACCEPT"] | components["schemas"]["AssignmentEvent_CALL_CANCELLED"] | components["schemas"]["AssignmentEvent_DECLARE_CONFLICT"] | components["schemas"]["AssignmentEvent_DECLINE"] | components["schemas"]["AssignmentEvent_MARK_OVERDUE"] | components["schemas"]["AssignmentEvent_PROPOSAL_WITHDRAWN"] | components["schemas"]["AssignmentEvent_REASSIGN"] | components["schemas"]["AssignmentEvent_REMIND"] | components["schemas"]["AssignmentEvent_REOPEN"] | components["schemas"]["AssignmentEvent_SAVE_DRAFT"] | components["schemas"]["AssignmentEvent_SUBMIT_REVIEW"] | components["schemas"]["AssignmentEvent_WITHDRAW"];
        /**
         * BOARD_DECLINE
         * @description The board meeting decides not to establish the unit, with its reason.
         */
        ResearchUnitEvent_BOARD_DECLINE: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "BOARD_DECLINE";
            /** Format: date-time */
            date: string;
            note: string;
        };
        /**
         * BOARD_ESTABLISH
         * @description The board meeting (of NINS) decides to establish the unit.
         */
        ResearchUnitEvent_BOARD_ESTABLISH: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "BOARD_ESTABLISH";
            /** Format: date-time */
            date: string;
            note?: string;
        };
        /**
         * CONCLUDE_DELIBERATION
         * @description The steering committee concludes its deliberation with its recommendation to the board.
         */
        ResearchUnitEvent_CONCLUDE_DELIBERATION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "CONCLUDE_DELIBERATION";
            /** @enum {string} */
            recommendation: "approve" | "approve_with_changes" | "reject";
            note?: string;
        };
        /**
         * END_UNIT
         * @description NINS ends an established unit (its agreement ended); no further fellow call is raised from it.
         */
        ResearchUnitEvent_END_UNIT: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "END_UNIT";
            reason: string;
        };
        /**
         * RECORD_OPINION
         * @description A member of the steering committee records an opinion on the establishment of the unit.
         */
        ResearchUnitEvent_RECORD_OPINION: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "RECORD_OPINION";
            /** @enum {string} */
            recommendation: "approve" | "approve_with_changes" | "reject";
            opinion: string;
        };
        /**
         * SUBMIT_TO_STEERING_COMMITTEE
         * @description NINS puts the proposed unit before the steering committee.
         */
        ResearchUnitEvent_SUBMIT_TO_STEERING_COMMITTEE: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "SUBMIT_TO_STEERING_COMMITTEE";
        };
        /** @description The body of an event sent to a unit: `type` names the event, the other fields are its payload. The resource's `allowedEvents` lists those you may send now (`?include=schema` adds their schemas). */
        ResearchUnitEvent: components["schemas"]["ResearchUnitEvent_BOARD_DECLINE"] | components["schemas"]["ResearchUnitEvent_BOARD_ESTABLISH"] | components["schemas"]["ResearchUnitEvent_CONCLUDE_DELIBERATION"] | components["schemas"]["ResearchUnitEvent_END_UNIT"] | components["schemas"]["ResearchUnitEvent_RECORD_OPINION"] | components["schemas"]["ResearchUnitEvent_SUBMIT_TO_STEERING_COMMITTEE"];
    };
    responses: {
        /** @description Invalid body, query or event payload; `errors[]` names each field and why */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:tandem:problem:validation-failed",
                 *       "title": "validation-failed",
                 *       "status": 400,
                 *       "detail": "Invalid body, query or event payload; `errors[]` names each field and why",
                 *       "code": "validation-failed"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No token, or an unknown, revoked or expired one */
        Unauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:tandem:problem:unauthenticated",
                 *       "title": "unauthenticated",
                 *       "status": 401,
                 *       "detail": "No token, or an unknown, revoked or expired one",
                 *       "code": "unauthenticated"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Your roles do not allow this */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:tandem:problem:forbidden",
                 *       "title": "forbidden",
                 *       "status": 403,
                 *       "detail": "Your roles do not allow this",
                 *       "code": "forbidden"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such object, or one you may not see */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:tandem:problem:not-found",
                 *       "title": "not-found",
                 *       "status": 404,
                 *       "detail": "No such object, or one you may not see",
                 *       "code": "not-found"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Not allowed in the current state (`allowedEvents` lists what is), or an idempotency key still in progress */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:tandem:problem:event-not-allowed",
                 *       "title": "event-not-allowed",
                 *       "status": 409,
                 *       "detail": "Not allowed in the current state (`allowedEvents` lists what is), or an idempotency key still in progress",
                 *       "code": "event-not-allowed"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `If-Match` names an older version */
        PreconditionFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:tandem:problem:precondition-failed",
                 *       "title": "precondition-failed",
                 *       "status": 412,
                 *       "detail": "`If-Match` names an older version",
                 *       "code": "precondition-failed"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A program rule refuses it (`reasons[]`), or an idempotency key reused with another request */
        RuleViolated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:tandem:problem:rule-violated",
                 *       "title": "rule-violated",
                 *       "status": 422,
                 *       "detail": "A program rule refuses it (`reasons[]`), or an idempotency key reused with another request",
                 *       "code": "rule-violated"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is larger than 1 MB */
        TooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:tandem:problem:validation-failed",
                 *       "title": "validation-failed",
                 *       "status": 413,
                 *       "detail": "The body is larger than 1 MB",
                 *       "code": "validation-failed"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not JSON in UTF-8 */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:tandem:problem:validation-failed",
                 *       "title": "validation-failed",
                 *       "status": 415,
                 *       "detail": "The body is not JSON in UTF-8",
                 *       "code": "validation-failed"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Over the rate limit; `Retry-After` says when to retry */
        RateLimited: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:tandem:problem:rate-limited",
                 *       "title": "rate-limited",
                 *       "status": 429,
                 *       "detail": "Over the rate limit; `Retry-After` says when to retry",
                 *       "code": "rate-limited"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description An unexpected error, with an `errorId` to quote */
        Internal: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:tandem:problem:internal",
                 *       "title": "internal",
                 *       "status": 500,
                 *       "detail": "An unexpected error, with an `errorId` to quote",
                 *       "code": "internal"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "health.alive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Health */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            500: components["responses"]["Internal"];
        };
    };
    "health.ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Readiness */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            500: components["responses"]["Internal"];
            /** @description Not ready: what is down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    "agencies.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description AgencyList */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "code": "JST",
                     *           "name": "Japan Science and Technology Agency",
                     *           "names": {
                     *             "en": "Japan Science and Technology Agency",
                     *             "ja": "科学技術振興機構"
                     *           },
                     *           "country": "JP",
                     *           "currency": "JPY",
                     *           "governmental": true
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AgencyList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "agencies.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "code": "NSF",
                 *       "name": "National Science Foundation",
                 *       "country": "US",
                 *       "currency": "USD"
                 *     }
                 */
                "application/json": components["schemas"]["CreateAgencyDto"];
            };
        };
        responses: {
            /** @description Agency */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JST",
                     *       "name": "Japan Science and Technology Agency",
                     *       "names": {
                     *         "en": "Japan Science and Technology Agency",
                     *         "ja": "科学技術振興機構"
                     *       },
                     *       "country": "JP",
                     *       "currency": "JPY",
                     *       "governmental": true
                     *     }
                     */
                    "application/json": components["schemas"]["Agency"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "agencies.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Agency */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JST",
                     *       "name": "Japan Science and Technology Agency",
                     *       "names": {
                     *         "en": "Japan Science and Technology Agency",
                     *         "ja": "科学技術振興機構"
                     *       },
                     *       "country": "JP",
                     *       "currency": "JPY",
                     *       "governmental": true
                     *     }
                     */
                    "application/json": components["schemas"]["Agency"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "agencies.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /** @example {} */
                "application/json": components["schemas"]["UpdateAgencyDto"];
            };
        };
        responses: {
            /** @description Agency */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JST",
                     *       "name": "Japan Science and Technology Agency",
                     *       "names": {
                     *         "en": "Japan Science and Technology Agency",
                     *         "ja": "科学技術振興機構"
                     *       },
                     *       "country": "JP",
                     *       "currency": "JPY",
                     *       "governmental": true
                     *     }
                     */
                    "application/json": components["schemas"]["Agency"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "programs.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ProgramList */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "code": "sicorp-bilateral",
                     *           "name": "text",
                     *           "description": "text",
                     *           "callWorkflow": "sicorp-joint-call@1",
                     *           "proposalWorkflow": "sicorp-joint-proposal@1",
                     *           "minAgencies": 1,
                     *           "maxAgencies": 1,
                     *           "durationMonths": {
                     *             "min": 1,
                     *             "max": 1
                     *           },
                     *           "jstBudgetPerYear": {
                     *             "min": 1,
                     *             "max": 1,
                     *             "currency": "text"
                     *           },
                     *           "rules": {},
                     *           "workflows": {
                     *             "call": "sicorp-joint-call@1",
                     *             "proposal": "sicorp-joint-proposal@1"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ProgramList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "programs.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "code": "sicorp-bilateral",
                 *       "name": "text",
                 *       "callWorkflow": "sicorp-joint-call@1",
                 *       "proposalWorkflow": "sicorp-joint-proposal@1",
                 *       "minAgencies": 2,
                 *       "durationMinMonths": 36,
                 *       "durationMaxMonths": 60
                 *     }
                 */
                "application/json": components["schemas"]["CreateProgramDto"];
            };
        };
        responses: {
            /** @description Program */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "sicorp-bilateral",
                     *       "name": "text",
                     *       "description": "text",
                     *       "callWorkflow": "sicorp-joint-call@1",
                     *       "proposalWorkflow": "sicorp-joint-proposal@1",
                     *       "minAgencies": 1,
                     *       "maxAgencies": 1,
                     *       "durationMonths": {
                     *         "min": 1,
                     *         "max": 1
                     *       },
                     *       "jstBudgetPerYear": {
                     *         "min": 1,
                     *         "max": 1,
                     *         "currency": "text"
                     *       },
                     *       "rules": {},
                     *       "workflows": {
                     *         "call": "sicorp-joint-call@1",
                     *         "proposal": "sicorp-joint-proposal@1"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Program"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "programs.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Program */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "sicorp-bilateral",
                     *       "name": "text",
                     *       "description": "text",
                     *       "callWorkflow": "sicorp-joint-call@1",
                     *       "proposalWorkflow": "sicorp-joint-proposal@1",
                     *       "minAgencies": 1,
                     *       "maxAgencies": 1,
                     *       "durationMonths": {
                     *         "min": 1,
                     *         "max": 1
                     *       },
                     *       "jstBudgetPerYear": {
                     *         "min": 1,
                     *         "max": 1,
                     *         "currency": "text"
                     *       },
                     *       "rules": {},
                     *       "workflows": {
                     *         "call": "sicorp-joint-call@1",
                     *         "proposal": "sicorp-joint-proposal@1"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Program"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "programs.publish": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /** @example {} */
                "application/json": components["schemas"]["PublishWorkflowsDto"];
            };
        };
        responses: {
            /** @description Program */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "sicorp-bilateral",
                     *       "name": "text",
                     *       "description": "text",
                     *       "callWorkflow": "sicorp-joint-call@1",
                     *       "proposalWorkflow": "sicorp-joint-proposal@1",
                     *       "minAgencies": 1,
                     *       "maxAgencies": 1,
                     *       "durationMonths": {
                     *         "min": 1,
                     *         "max": 1
                     *       },
                     *       "jstBudgetPerYear": {
                     *         "min": 1,
                     *         "max": 1,
                     *         "currency": "text"
                     *       },
                     *       "rules": {},
                     *       "workflows": {
                     *         "call": "sicorp-joint-call@1",
                     *         "proposal": "sicorp-joint-proposal@1"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Program"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "calls.list": {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                state?: string;
                program?: string;
                agency?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CallPage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "title": "SICORP Japan-US joint call 2026",
                     *           "description": "text",
                     *           "titles": {
                     *             "en": "SICORP Japan-US joint call 2026",
                     *             "ja": "SICORP 日米共同公募 2026"
                     *           },
                     *           "descriptions": {
                     *             "en": "Resilient infrastructure.",
                     *             "ja": "レジリエントなインフラ。"
                     *           },
                     *           "authoritativeLanguage": "ja",
                     *           "requiredLanguages": [
                     *             "en",
                     *             "ja"
                     *           ],
                     *           "missingTranslations": [],
                     *           "program": "sicorp-bilateral",
                     *           "proposalWorkflow": "sicorp-joint-proposal@1",
                     *           "state": "open",
                     *           "version": 1,
                     *           "dates": {
                     *             "opensAt": "2026-04-01T00:00:00.000Z",
                     *             "submissionDeadline": "2026-04-01T00:00:00.000Z",
                     *             "reviewDue": "2026-04-01T00:00:00.000Z",
                     *             "panelDate": "2026-04-01T00:00:00.000Z",
                     *             "boardDate": "2026-04-01T00:00:00.000Z"
                     *           },
                     *           "durationMonths": {
                     *             "min": 1,
                     *             "max": 1
                     *           },
                     *           "researchUnitId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "disaster": {
                     *             "what": "Magnitude 7.8 earthquake",
                     *             "occurredOn": "2027-02-06",
                     *             "where": "Hatay province"
                     *           },
                     *           "affectedCountry": "TR",
                     *           "agencies": [
                     *             {
                     *               "code": "JST",
                     *               "role": "lead",
                     *               "budgetEnvelope": 300000000,
                     *               "capPerProjectPerYear": 30000000,
                     *               "currency": "JPY",
                     *               "approvedAt": "2026-04-01T00:00:00.000Z",
                     *               "envelopes": [
                     *                 {
                     *                   "fiscalYear": 2027,
                     *                   "amount": 1
                     *                 }
                     *               ],
                     *               "jpyPerUnit": 1,
                     *               "appointees": [
                     *                 {
                     *                   "id": "6f1c2a9e-3b7d-4c1e-9a2f-0d4b5e6f7a8b",
                     *                   "name": "Taro Yamada",
                     *                   "roles": [
                     *                     "program_officer"
                     *                   ]
                     *                 }
                     *               ]
                     *             }
                     *           ],
                     *           "partnership": {
                     *             "pending": [
                     *               "JST"
                     *             ],
                     *             "equivalence": {
                     *               "tolerance": 1,
                     *               "warnings": [
                     *                 {
                     *                   "agency": "JST",
                     *                   "fiscalYear": 1,
                     *                   "message": "text"
                     *                 }
                     *               ]
                     *             }
                     *           }
                     *         }
                     *       ],
                     *       "total": 1,
                     *       "limit": 50,
                     *       "offset": 0
                     *     }
                     */
                    "application/json": components["schemas"]["CallPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "calls.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "program": "sicorp-bilateral",
                 *       "agencies": [
                 *         {
                 *           "code": "JST",
                 *           "role": "lead"
                 *         }
                 *       ],
                 *       "opensAt": "2027-01-10T00:00:00Z",
                 *       "submissionDeadline": "2027-03-31T08:00:00Z"
                 *     }
                 */
                "application/json": components["schemas"]["CreateCallDto"];
            };
        };
        responses: {
            /** @description Call */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "title": "SICORP Japan-US joint call 2026",
                     *       "description": "text",
                     *       "titles": {
                     *         "en": "SICORP Japan-US joint call 2026",
                     *         "ja": "SICORP 日米共同公募 2026"
                     *       },
                     *       "descriptions": {
                     *         "en": "Resilient infrastructure.",
                     *         "ja": "レジリエントなインフラ。"
                     *       },
                     *       "authoritativeLanguage": "ja",
                     *       "requiredLanguages": [
                     *         "en",
                     *         "ja"
                     *       ],
                     *       "missingTranslations": [],
                     *       "program": "sicorp-bilateral",
                     *       "proposalWorkflow": "sicorp-joint-proposal@1",
                     *       "state": "submitted",
                     *       "version": 3,
                     *       "dates": {
                     *         "opensAt": "2026-04-01T00:00:00.000Z",
                     *         "submissionDeadline": "2026-04-01T00:00:00.000Z",
                     *         "reviewDue": "2026-04-01T00:00:00.000Z",
                     *         "panelDate": "2026-04-01T00:00:00.000Z",
                     *         "boardDate": "2026-04-01T00:00:00.000Z"
                     *       },
                     *       "durationMonths": {
                     *         "min": 1,
                     *         "max": 1
                     *       },
                     *       "researchUnitId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "disaster": {
                     *         "what": "Magnitude 7.8 earthquake",
                     *         "occurredOn": "2027-02-06",
                     *         "where": "Hatay province"
                     *       },
                     *       "affectedCountry": "TR",
                     *       "agencies": [
                     *         {
                     *           "code": "JST",
                     *           "role": "lead",
                     *           "budgetEnvelope": 300000000,
                     *           "capPerProjectPerYear": 30000000,
                     *           "currency": "JPY",
                     *           "approvedAt": "2026-04-01T00:00:00.000Z",
                     *           "envelopes": [
                     *             {
                     *               "fiscalYear": 2027,
                     *               "amount": 1
                     *             }
                     *           ],
                     *           "jpyPerUnit": 1,
                     *           "appointees": [
                     *             {
                     *               "id": "6f1c2a9e-3b7d-4c1e-9a2f-0d4b5e6f7a8b",
                     *               "name": "Taro Yamada",
                     *               "roles": [
                     *                 "program_officer"
                     *               ]
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "partnership": {
                     *         "pending": [
                     *           "JST"
                     *         ],
                     *         "equivalence": {
                     *           "tolerance": 1,
                     *           "warnings": [
                     *             {
                     *               "agency": "JST",
                     *               "fiscalYear": 1,
                     *               "message": "text"
                     *             }
                     *           ]
                     *         }
                     *       },
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {}
                     *     }
                     */
                    "application/json": components["schemas"]["Call"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "calls.get": {
        parameters: {
            query?: {
                /** @description schema: add the JSON Schema of the body of each allowed event (eventSchemas) */
                include?: "schema";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Call */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "title": "SICORP Japan-US joint call 2026",
                     *       "description": "text",
                     *       "titles": {
                     *         "en": "SICORP Japan-US joint call 2026",
                     *         "ja": "SICORP 日米共同公募 2026"
                     *       },
                     *       "descriptions": {
                     *         "en": "Resilient infrastructure.",
                     *         "ja": "レジリエントなインフラ。"
                     *       },
                     *       "authoritativeLanguage": "ja",
                     *       "requiredLanguages": [
                     *         "en",
                     *         "ja"
                     *       ],
                     *       "missingTranslations": [],
                     *       "program": "sicorp-bilateral",
                     *       "proposalWorkflow": "sicorp-joint-proposal@1",
                     *       "state": "submitted",
                     *       "version": 3,
                     *       "dates": {
                     *         "opensAt": "2026-04-01T00:00:00.000Z",
                     *         "submissionDeadline": "2026-04-01T00:00:00.000Z",
                     *         "reviewDue": "2026-04-01T00:00:00.000Z",
                     *         "panelDate": "2026-04-01T00:00:00.000Z",
                     *         "boardDate": "2026-04-01T00:00:00.000Z"
                     *       },
                     *       "durationMonths": {
                     *         "min": 1,
                     *         "max": 1
                     *       },
                     *       "researchUnitId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "disaster": {
                     *         "what": "Magnitude 7.8 earthquake",
                     *         "occurredOn": "2027-02-06",
                     *         "where": "Hatay province"
                     *       },
                     *       "affectedCountry": "TR",
                     *       "agencies": [
                     *         {
                     *           "code": "JST",
                     *           "role": "lead",
                     *           "budgetEnvelope": 300000000,
                     *           "capPerProjectPerYear": 30000000,
                     *           "currency": "JPY",
                     *           "approvedAt": "2026-04-01T00:00:00.000Z",
                     *           "envelopes": [
                     *             {
                     *               "fiscalYear": 2027,
                     *               "amount": 1
                     *             }
                     *           ],
                     *           "jpyPerUnit": 1,
                     *           "appointees": [
                     *             {
                     *               "id": "6f1c2a9e-3b7d-4c1e-9a2f-0d4b5e6f7a8b",
                     *               "name": "Taro Yamada",
                     *               "roles": [
                     *                 "program_officer"
                     *               ]
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "partnership": {
                     *         "pending": [
                     *           "JST"
                     *         ],
                     *         "equivalence": {
                     *           "tolerance": 1,
                     *           "warnings": [
                     *             {
                     *               "agency": "JST",
                     *               "fiscalYear": 1,
                     *               "message": "text"
                     *             }
                     *           ]
                     *         }
                     *       },
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {}
                     *     }
                     */
                    "application/json": components["schemas"]["Call"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "calls.updateDates": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /** @example {} */
                "application/json": components["schemas"]["UpdateCallDatesDto"];
            };
        };
        responses: {
            /** @description Call */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "title": "SICORP Japan-US joint call 2026",
                     *       "description": "text",
                     *       "titles": {
                     *         "en": "SICORP Japan-US joint call 2026",
                     *         "ja": "SICORP 日米共同公募 2026"
                     *       },
                     *       "descriptions": {
                     *         "en": "Resilient infrastructure.",
                     *         "ja": "レジリエントなインフラ。"
                     *       },
                     *       "authoritativeLanguage": "ja",
                     *       "requiredLanguages": [
                     *         "en",
                     *         "ja"
                     *       ],
                     *       "missingTranslations": [],
                     *       "program": "sicorp-bilateral",
                     *       "proposalWorkflow": "sicorp-joint-proposal@1",
                     *       "state": "submitted",
                     *       "version": 3,
                     *       "dates": {
                     *         "opensAt": "2026-04-01T00:00:00.000Z",
                     *         "submissionDeadline": "2026-04-01T00:00:00.000Z",
                     *         "reviewDue": "2026-04-01T00:00:00.000Z",
                     *         "panelDate": "2026-04-01T00:00:00.000Z",
                     *         "boardDate": "2026-04-01T00:00:00.000Z"
                     *       },
                     *       "durationMonths": {
                     *         "min": 1,
                     *         "max": 1
                     *       },
                     *       "researchUnitId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "disaster": {
                     *         "what": "Magnitude 7.8 earthquake",
                     *         "occurredOn": "2027-02-06",
                     *         "where": "Hatay province"
                     *       },
                     *       "affectedCountry": "TR",
                     *       "agencies": [
                     *         {
                     *           "code": "JST",
                     *           "role": "lead",
                     *           "budgetEnvelope": 300000000,
                     *           "capPerProjectPerYear": 30000000,
                     *           "currency": "JPY",
                     *           "approvedAt": "2026-04-01T00:00:00.000Z",
                     *           "envelopes": [
                     *             {
                     *               "fiscalYear": 2027,
                     *               "amount": 1
                     *             }
                     *           ],
                     *           "jpyPerUnit": 1,
                     *           "appointees": [
                     *             {
                     *               "id": "6f1c2a9e-3b7d-4c1e-9a2f-0d4b5e6f7a8b",
                     *               "name": "Taro Yamada",
                     *               "roles": [
                     *                 "program_officer"
                     *               ]
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "partnership": {
                     *         "pending": [
                     *           "JST"
                     *         ],
                     *         "equivalence": {
                     *           "tolerance": 1,
                     *           "warnings": [
                     *             {
                     *               "agency": "JST",
                     *               "fiscalYear": 1,
                     *               "message": "text"
                     *             }
                     *           ]
                     *         }
                     *       },
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {}
                     *     }
                     */
                    "application/json": components["schemas"]["Call"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "calls.sendEvent": {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag you read; 412 if the resource has changed since */
                "If-Match"?: string;
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "ANNOUNCE"
                 *     }
                 */
                "application/json": components["schemas"]["CallEvent"];
            };
        };
        responses: {
            /** @description CallAfterEvent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "title": "SICORP Japan-US joint call 2026",
                     *       "description": "text",
                     *       "titles": {
                     *         "en": "SICORP Japan-US joint call 2026",
                     *         "ja": "SICORP 日米共同公募 2026"
                     *       },
                     *       "descriptions": {
                     *         "en": "Resilient infrastructure.",
                     *         "ja": "レジリエントなインフラ。"
                     *       },
                     *       "authoritativeLanguage": "ja",
                     *       "requiredLanguages": [
                     *         "en",
                     *         "ja"
                     *       ],
                     *       "missingTranslations": [],
                     *       "program": "sicorp-bilateral",
                     *       "proposalWorkflow": "sicorp-joint-proposal@1",
                     *       "state": "submitted",
                     *       "version": 3,
                     *       "dates": {
                     *         "opensAt": "2026-04-01T00:00:00.000Z",
                     *         "submissionDeadline": "2026-04-01T00:00:00.000Z",
                     *         "reviewDue": "2026-04-01T00:00:00.000Z",
                     *         "panelDate": "2026-04-01T00:00:00.000Z",
                     *         "boardDate": "2026-04-01T00:00:00.000Z"
                     *       },
                     *       "durationMonths": {
                     *         "min": 1,
                     *         "max": 1
                     *       },
                     *       "researchUnitId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "disaster": {
                     *         "what": "Magnitude 7.8 earthquake",
                     *         "occurredOn": "2027-02-06",
                     *         "where": "Hatay province"
                     *       },
                     *       "affectedCountry": "TR",
                     *       "agencies": [
                     *         {
                     *           "code": "JST",
                     *           "role": "lead",
                     *           "budgetEnvelope": 300000000,
                     *           "capPerProjectPerYear": 30000000,
                     *           "currency": "JPY",
                     *           "approvedAt": "2026-04-01T00:00:00.000Z",
                     *           "envelopes": [
                     *             {
                     *               "fiscalYear": 2027,
                     *               "amount": 1
                     *             }
                     *           ],
                     *           "jpyPerUnit": 1,
                     *           "appointees": [
                     *             {
                     *               "id": "6f1c2a9e-3b7d-4c1e-9a2f-0d4b5e6f7a8b",
                     *               "name": "Taro Yamada",
                     *               "roles": [
                     *                 "program_officer"
                     *               ]
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "partnership": {
                     *         "pending": [
                     *           "JST"
                     *         ],
                     *         "equivalence": {
                     *           "tolerance": 1,
                     *           "warnings": [
                     *             {
                     *               "agency": "JST",
                     *               "fiscalYear": 1,
                     *               "message": "text"
                     *             }
                     *           ]
                     *         }
                     *       },
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {},
                     *       "transition": {
                     *         "seq": 1,
                     *         "event": "SUBMIT",
                     *         "from": "text",
                     *         "to": "text",
                     *         "occurredAt": "2026-04-01T00:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["CallAfterEvent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "calls.history": {
        parameters: {
            query?: {
                /** @description Recompute the hash chain of the transition log and say whether it holds */
                verify?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description History */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "seq": 1,
                     *           "event": "SUBMIT",
                     *           "payload": {},
                     *           "from": "text",
                     *           "to": "text",
                     *           "actor": {
                     *             "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "name": "text"
                     *           },
                     *           "at": "2026-04-01T00:00:00.000Z",
                     *           "hash": "text"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["History"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "proposals.list": {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Keyset paging: the `next` or `prev` of a page of this list (same sort), for the page after or before it; fast at any depth, unlike `offset` (which goes no deeper than 10,000 rows: 400 beyond). Signed for the user it was given to: altered, hand-made or another user's, it is refused (400) */
                cursor?: string;
                callId?: string;
                /** @description Words in the title or a principal investigator's name (case-insensitive) */
                q?: string;
                /** @description Order; a leading - is descending */
                sort?: "created" | "-created" | "title" | "-title" | "state" | "-state" | "updated" | "-updated";
                state?: string;
                /** @description Proposals with a party funded by this agency */
                agency?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ProposalPage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "title": "Resilient coastal cities",
                     *           "abstract": "text",
                     *           "durationMonths": 36,
                     *           "keywords": [
                     *             "text"
                     *           ],
                     *           "applicantUserId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "createdAt": "2026-04-01T00:00:00.000Z",
                     *           "updatedAt": "2026-04-01T00:00:00.000Z",
                     *           "state": "submitted",
                     *           "version": 1,
                     *           "parties": [
                     *             {
                     *               "agency": "JST",
                     *               "piName": "text",
                     *               "piEmail": "text",
                     *               "institution": "text",
                     *               "country": "JP",
                     *               "budgetPerYear": [
                     *                 20000000,
                     *                 20000000,
                     *                 20000000
                     *               ],
                     *               "budgetByCategory": [
                     *                 {
                     *                   "goods": 8000000,
                     *                   "personnel": 8000000,
                     *                   "travel": 2000000,
                     *                   "workshops": 1000000,
                     *                   "other": 1000000
                     *                 }
                     *               ],
                     *               "piOrcid": "0000-0002-1825-0097",
                     *               "piResearcherNumber": "12345678",
                     *               "piEffortPercent": 40
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "total": 1,
                     *       "limit": 50,
                     *       "offset": 0,
                     *       "totalExact": true,
                     *       "next": "text",
                     *       "prev": "text"
                     *     }
                     */
                    "application/json": components["schemas"]["ProposalPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "proposals.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "callId": "text",
                 *       "title": "Early warning of landslides from dense seismic arrays",
                 *       "abstract": "text",
                 *       "durationMonths": 36,
                 *       "parties": [
                 *         {
                 *           "agency": "JST",
                 *           "piName": "Hanako Sato",
                 *           "institution": "Tohoku University",
                 *           "country": "JP",
                 *           "budgetPerYear": [
                 *             20000000,
                 *             20000000,
                 *             20000000
                 *           ]
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["CreateProposalDto"];
            };
        };
        responses: {
            /** @description Proposal */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "title": "Resilient coastal cities",
                     *       "abstract": "text",
                     *       "durationMonths": 36,
                     *       "keywords": [
                     *         "text"
                     *       ],
                     *       "applicantUserId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "updatedAt": "2026-04-01T00:00:00.000Z",
                     *       "state": "submitted",
                     *       "version": 3,
                     *       "parties": [
                     *         {
                     *           "agency": "JST",
                     *           "piName": "text",
                     *           "piEmail": "text",
                     *           "institution": "text",
                     *           "country": "JP",
                     *           "budgetPerYear": [
                     *             20000000,
                     *             20000000,
                     *             20000000
                     *           ],
                     *           "budgetByCategory": [
                     *             {
                     *               "goods": 8000000,
                     *               "personnel": 8000000,
                     *               "travel": 2000000,
                     *               "workshops": 1000000,
                     *               "other": 1000000
                     *             }
                     *           ],
                     *           "piOrcid": "0000-0002-1825-0097",
                     *           "piResearcherNumber": "12345678",
                     *           "piEffortPercent": 40
                     *         }
                     *       ],
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {}
                     *     }
                     */
                    "application/json": components["schemas"]["Proposal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "proposals.get": {
        parameters: {
            query?: {
                /** @description schema: add the JSON Schema of the body of each allowed event (eventSchemas) */
                include?: "schema";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Proposal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "title": "Resilient coastal cities",
                     *       "abstract": "text",
                     *       "durationMonths": 36,
                     *       "keywords": [
                     *         "text"
                     *       ],
                     *       "applicantUserId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "updatedAt": "2026-04-01T00:00:00.000Z",
                     *       "state": "submitted",
                     *       "version": 3,
                     *       "parties": [
                     *         {
                     *           "agency": "JST",
                     *           "piName": "text",
                     *           "piEmail": "text",
                     *           "institution": "text",
                     *           "country": "JP",
                     *           "budgetPerYear": [
                     *             20000000,
                     *             20000000,
                     *             20000000
                     *           ],
                     *           "budgetByCategory": [
                     *             {
                     *               "goods": 8000000,
                     *               "personnel": 8000000,
                     *               "travel": 2000000,
                     *               "workshops": 1000000,
                     *               "other": 1000000
                     *             }
                     *           ],
                     *           "piOrcid": "0000-0002-1825-0097",
                     *           "piResearcherNumber": "12345678",
                     *           "piEffortPercent": 40
                     *         }
                     *       ],
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {}
                     *     }
                     */
                    "application/json": components["schemas"]["Proposal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "proposals.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "title": "Early warning of landslides from dense seismic arrays",
                 *       "abstract": "text",
                 *       "durationMonths": 36,
                 *       "parties": [
                 *         {
                 *           "agency": "JST",
                 *           "piName": "Hanako Sato",
                 *           "institution": "Tohoku University",
                 *           "country": "JP",
                 *           "budgetPerYear": [
                 *             20000000,
                 *             20000000,
                 *             20000000
                 *           ]
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["UpdateProposalDto"];
            };
        };
        responses: {
            /** @description Proposal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "title": "Resilient coastal cities",
                     *       "abstract": "text",
                     *       "durationMonths": 36,
                     *       "keywords": [
                     *         "text"
                     *       ],
                     *       "applicantUserId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "updatedAt": "2026-04-01T00:00:00.000Z",
                     *       "state": "submitted",
                     *       "version": 3,
                     *       "parties": [
                     *         {
                     *           "agency": "JST",
                     *           "piName": "text",
                     *           "piEmail": "text",
                     *           "institution": "text",
                     *           "country": "JP",
                     *           "budgetPerYear": [
                     *             20000000,
                     *             20000000,
                     *             20000000
                     *           ],
                     *           "budgetByCategory": [
                     *             {
                     *               "goods": 8000000,
                     *               "personnel": 8000000,
                     *               "travel": 2000000,
                     *               "workshops": 1000000,
                     *               "other": 1000000
                     *             }
                     *           ],
                     *           "piOrcid": "0000-0002-1825-0097",
                     *           "piResearcherNumber": "12345678",
                     *           "piEffortPercent": 40
                     *         }
                     *       ],
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {}
                     *     }
                     */
                    "application/json": components["schemas"]["Proposal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "proposals.sendEvent": {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag you read; 412 if the resource has changed since */
                "If-Match"?: string;
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "RULE_ELIGIBILITY",
                 *       "agency": "JST",
                 *       "eligible": true
                 *     }
                 */
                "application/json": components["schemas"]["ProposalEvent"];
            };
        };
        responses: {
            /** @description ProposalAfterEvent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "title": "Resilient coastal cities",
                     *       "abstract": "text",
                     *       "durationMonths": 36,
                     *       "keywords": [
                     *         "text"
                     *       ],
                     *       "applicantUserId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "updatedAt": "2026-04-01T00:00:00.000Z",
                     *       "state": "submitted",
                     *       "version": 3,
                     *       "parties": [
                     *         {
                     *           "agency": "JST",
                     *           "piName": "text",
                     *           "piEmail": "text",
                     *           "institution": "text",
                     *           "country": "JP",
                     *           "budgetPerYear": [
                     *             20000000,
                     *             20000000,
                     *             20000000
                     *           ],
                     *           "budgetByCategory": [
                     *             {
                     *               "goods": 8000000,
                     *               "personnel": 8000000,
                     *               "travel": 2000000,
                     *               "workshops": 1000000,
                     *               "other": 1000000
                     *             }
                     *           ],
                     *           "piOrcid": "0000-0002-1825-0097",
                     *           "piResearcherNumber": "12345678",
                     *           "piEffortPercent": 40
                     *         }
                     *       ],
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {},
                     *       "transition": {
                     *         "seq": 1,
                     *         "event": "SUBMIT",
                     *         "from": "text",
                     *         "to": "text",
                     *         "occurredAt": "2026-04-01T00:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ProposalAfterEvent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "proposals.history": {
        parameters: {
            query?: {
                /** @description Recompute the hash chain of the transition log and say whether it holds */
                verify?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description History */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "seq": 1,
                     *           "event": "SUBMIT",
                     *           "payload": {},
                     *           "from": "text",
                     *           "to": "text",
                     *           "actor": {
                     *             "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "name": "text"
                     *           },
                     *           "at": "2026-04-01T00:00:00.000Z",
                     *           "hash": "text"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["History"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "parties.members": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description PartyMemberList */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *         "agency": "JST",
                     *         "role": "pi",
                     *         "name": "Alex Smith",
                     *         "email": "alex.smith@example.edu",
                     *         "institution": "University of Washington",
                     *         "local": true,
                     *         "accepted": true,
                     *         "invitedAt": "2026-04-01T00:00:00.000Z",
                     *         "acceptedAt": "2026-04-01T00:00:00.000Z",
                     *         "orcid": "0000-0002-1694-233X",
                     *         "researcherNumber": "87654321",
                     *         "effortPercent": 20
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["PartyMemberList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "parties.invite": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "agency": "NSF",
                 *       "role": "pi",
                 *       "name": "Alex Smith",
                 *       "email": "alex.smith@example.edu",
                 *       "institution": "University of Washington"
                 *     }
                 */
                "application/json": components["schemas"]["InviteMemberDto"];
            };
        };
        responses: {
            /** @description PartyMember */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "agency": "JST",
                     *       "role": "pi",
                     *       "name": "Alex Smith",
                     *       "email": "alex.smith@example.edu",
                     *       "institution": "University of Washington",
                     *       "local": true,
                     *       "accepted": true,
                     *       "invitedAt": "2026-04-01T00:00:00.000Z",
                     *       "acceptedAt": "2026-04-01T00:00:00.000Z",
                     *       "orcid": "0000-0002-1694-233X",
                     *       "researcherNumber": "87654321",
                     *       "effortPercent": 20
                     *     }
                     */
                    "application/json": components["schemas"]["PartyMember"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "parties.removeMember": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                memberId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "parties.invitation": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Invitation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "title": "Resilient coastal cities",
                     *       "agency": "JST",
                     *       "role": "pi",
                     *       "accepted": true
                     *     }
                     */
                    "application/json": components["schemas"]["Invitation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "parties.accept": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Invitation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "title": "Resilient coastal cities",
                     *       "agency": "JST",
                     *       "role": "pi",
                     *       "accepted": true
                     *     }
                     */
                    "application/json": components["schemas"]["Invitation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "parties.conflicts": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description DeclaredConflictList */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *         "name": "Taro Yamada",
                     *         "institution": "Kyoto University",
                     *         "email": "text",
                     *         "type": "collaborator",
                     *         "note": "text",
                     *         "createdAt": "2026-04-01T00:00:00.000Z"
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["DeclaredConflictList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "parties.declare": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Taro Yamada",
                 *       "institution": "Kyoto University",
                 *       "type": "collaborator"
                 *     }
                 */
                "application/json": components["schemas"]["DeclareProposalConflictDto"];
            };
        };
        responses: {
            /** @description DeclaredConflict */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "name": "Taro Yamada",
                     *       "institution": "Kyoto University",
                     *       "email": "text",
                     *       "type": "collaborator",
                     *       "note": "text",
                     *       "createdAt": "2026-04-01T00:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["DeclaredConflict"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "parties.removeConflict": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                conflictId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "documents.list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ProposalDocumentList */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "required": [
                     *         "research-plan"
                     *       ],
                     *       "missing": [
                     *         "research-plan"
                     *       ],
                     *       "types": [
                     *         {
                     *           "type": "research-plan",
                     *           "formats": [
                     *             "text"
                     *           ]
                     *         }
                     *       ],
                     *       "items": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "type": "research-plan",
                     *           "version": 1,
                     *           "latest": true,
                     *           "filename": "research-plan.pdf",
                     *           "mediaType": "application/pdf",
                     *           "sizeBytes": 1,
                     *           "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     *           "uploadedAt": "2026-04-01T00:00:00.000Z",
                     *           "uploadedBy": {
                     *             "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "name": "text"
                     *           },
                     *           "href": "text"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ProposalDocumentList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "documents.upload": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "research-plan",
                 *       "file": "(the file)"
                 *     }
                 */
                "multipart/form-data": {
                    /** @enum {string} */
                    type: "research-plan" | "cv" | "budget-sheet" | "letter-of-support" | "other";
                    /**
                     * Format: binary
                     * @description PDF (a budget sheet may also be XLSX or CSV)
                     */
                    file: string;
                    /** @description The SHA-256 (hex) of the file, checked on arrival */
                    sha256?: string;
                };
            };
        };
        responses: {
            /** @description ProposalDocument */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "type": "research-plan",
                     *       "version": 1,
                     *       "latest": true,
                     *       "filename": "research-plan.pdf",
                     *       "mediaType": "application/pdf",
                     *       "sizeBytes": 1,
                     *       "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     *       "uploadedAt": "2026-04-01T00:00:00.000Z",
                     *       "uploadedBy": {
                     *         "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *         "name": "text"
                     *       },
                     *       "href": "text"
                     *     }
                     */
                    "application/json": components["schemas"]["ProposalDocument"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "documents.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ProposalDocument */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "type": "research-plan",
                     *       "version": 1,
                     *       "latest": true,
                     *       "filename": "research-plan.pdf",
                     *       "mediaType": "application/pdf",
                     *       "sizeBytes": 1,
                     *       "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     *       "uploadedAt": "2026-04-01T00:00:00.000Z",
                     *       "uploadedBy": {
                     *         "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *         "name": "text"
                     *       },
                     *       "href": "text"
                     *     }
                     */
                    "application/json": components["schemas"]["ProposalDocument"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "documents.download": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, as an attachment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example  */
                    "application/pdf": string;
                    /** @example  */
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    /** @example  */
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "documents.revisions": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ProposalRevisionList */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "number": 1,
                     *           "kind": "original",
                     *           "amendment": true,
                     *           "createdAt": "2026-04-01T00:00:00.000Z",
                     *           "by": {
                     *             "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "name": "text"
                     *           },
                     *           "answeredInformationRequestAt": "2026-04-01T00:00:00.000Z",
                     *           "summary": [
                     *             "text"
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ProposalRevisionList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "documents.diff": {
        parameters: {
            query: {
                to: unknown;
                from: unknown;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RevisionDiff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "from": 1,
                     *       "to": 1,
                     *       "changes": [
                     *         {}
                     *       ],
                     *       "summary": [
                     *         "text"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RevisionDiff"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "documents.revision": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ProposalRevision */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "number": 1,
                     *       "kind": "original",
                     *       "amendment": true,
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "by": {
                     *         "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *         "name": "text"
                     *       },
                     *       "answeredInformationRequestAt": "2026-04-01T00:00:00.000Z",
                     *       "summary": [
                     *         "text"
                     *       ],
                     *       "content": {}
                     *     }
                     */
                    "application/json": components["schemas"]["ProposalRevision"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "inbox.list": {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Only unread notifications */
                unread?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Inbox */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "template": "proposal-submitted",
                     *           "subject": "text",
                     *           "body": "text",
                     *           "about": {
                     *             "type": "proposal",
                     *             "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f"
                     *           },
                     *           "createdAt": "2026-04-01T00:00:00.000Z",
                     *           "read": true,
                     *           "readAt": "2026-04-01T00:00:00.000Z"
                     *         }
                     *       ],
                     *       "total": 1,
                     *       "limit": 50,
                     *       "offset": 0,
                     *       "unread": 1
                     *     }
                     */
                    "application/json": components["schemas"]["Inbox"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "inbox.readAll": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Marked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "marked": 1
                     *     }
                     */
                    "application/json": components["schemas"]["Marked"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "inbox.read": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description InboxItem */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "template": "proposal-submitted",
                     *       "subject": "text",
                     *       "body": "text",
                     *       "about": {
                     *         "type": "proposal",
                     *         "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f"
                     *       },
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "read": true,
                     *       "readAt": "2026-04-01T00:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["InboxItem"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "notificationsAdmin.list": {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                status?: "failed" | "pending" | "delivered";
                channel?: "email" | "webhook";
                template?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description NotificationPage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "template": "text",
                     *           "channel": "email",
                     *           "status": "pending",
                     *           "about": {
                     *             "type": "proposal",
                     *             "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f"
                     *           },
                     *           "recipient": {},
                     *           "attempts": 1,
                     *           "retries": 1,
                     *           "error": "text",
                     *           "createdAt": "2026-04-01T00:00:00.000Z",
                     *           "deliveredAt": "2026-04-01T00:00:00.000Z",
                     *           "failedAt": "2026-04-01T00:00:00.000Z"
                     *         }
                     *       ],
                     *       "total": 1,
                     *       "limit": 50,
                     *       "offset": 0
                     *     }
                     */
                    "application/json": components["schemas"]["NotificationPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "notificationsAdmin.retryMany": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /** @example {} */
                "application/json": components["schemas"]["RetryNotificationsDto"];
            };
        };
        responses: {
            /** @description RetriedMany */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "retried": 1,
                     *       "ids": [
                     *         "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RetriedMany"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "notificationsAdmin.retry": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Retried */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "status": "pending",
                     *       "retries": 1
                     *     }
                     */
                    "application/json": components["schemas"]["Retried"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "notificationsAdmin.webhook": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "agency": "JST",
                     *       "url": "https://hooks.example.org/tandem",
                     *       "active": true,
                     *       "updatedAt": "2026-04-01T00:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "notificationsAdmin.setWebhook": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://hooks.nsf.example/tandem",
                 *       "secret": "text"
                 *     }
                 */
                "application/json": components["schemas"]["WebhookDto"];
            };
        };
        responses: {
            /** @description Webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "agency": "JST",
                     *       "url": "https://hooks.example.org/tandem",
                     *       "active": true,
                     *       "updatedAt": "2026-04-01T00:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "notificationsAdmin.removeWebhook": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "reviewers.list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ReviewerList */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "agency": "JST",
                     *           "userId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "email": "reviewer@jst.example",
                     *           "name": "text",
                     *           "institution": "text",
                     *           "expertise": [
                     *             "text"
                     *           ],
                     *           "recentCoauthors": [
                     *             "text"
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ReviewerList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "reviewers.add": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "reviewer@example.ac.jp",
                 *       "name": "Keiko Tanaka",
                 *       "institution": "Kyoto University"
                 *     }
                 */
                "application/json": components["schemas"]["ReviewerDto"];
            };
        };
        responses: {
            /** @description Reviewer */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "agency": "JST",
                     *       "userId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "email": "reviewer@jst.example",
                     *       "name": "text",
                     *       "institution": "text",
                     *       "expertise": [
                     *         "text"
                     *       ],
                     *       "recentCoauthors": [
                     *         "text"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Reviewer"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "reviewers.remove": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "reviewers.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /** @example {} */
                "application/json": components["schemas"]["UpdateReviewerDto"];
            };
        };
        responses: {
            /** @description Reviewer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "agency": "JST",
                     *       "userId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "email": "reviewer@jst.example",
                     *       "name": "text",
                     *       "institution": "text",
                     *       "expertise": [
                     *         "text"
                     *       ],
                     *       "recentCoauthors": [
                     *         "text"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Reviewer"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "assignments.list": {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                callId?: string;
                proposalId?: string;
                agency?: string;
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description AssignmentPage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "agency": "JST",
                     *           "reviewer": {
                     *             "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "userId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "name": "text"
                     *           },
                     *           "state": "invited",
                     *           "version": 1
                     *         }
                     *       ],
                     *       "total": 1,
                     *       "limit": 50,
                     *       "offset": 0
                     *     }
                     */
                    "application/json": components["schemas"]["AssignmentPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "assignments.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "proposalId": "text",
                 *       "reviewerId": "text"
                 *     }
                 */
                "application/json": components["schemas"]["InviteDto"];
            };
        };
        responses: {
            /** @description Assignment */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "agency": "JST",
                     *       "proposal": {
                     *         "title": "text",
                     *         "parties": [
                     *           {
                     *             "agency": "JST",
                     *             "piName": "text",
                     *             "institution": "text"
                     *           }
                     *         ]
                     *       },
                     *       "reviewer": {
                     *         "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *         "userId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *         "name": "text",
                     *         "institution": "text"
                     *       },
                     *       "replacesId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "review": {
                     *         "scores": {
                     *           "excellence": 4,
                     *           "feasibility": 3
                     *         },
                     *         "total": 1,
                     *         "recommendation": "text",
                     *         "commentsToApplicants": "text",
                     *         "confidentialComments": "text",
                     *         "submittedAt": "2026-04-01T00:00:00.000Z"
                     *       },
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "state": "submitted",
                     *       "version": 3,
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {}
                     *     }
                     */
                    "application/json": components["schemas"]["Assignment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "assignments.get": {
        parameters: {
            query?: {
                /** @description schema: add the JSON Schema of the body of each allowed event (eventSchemas) */
                include?: "schema";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Assignment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "agency": "JST",
                     *       "proposal": {
                     *         "title": "text",
                     *         "parties": [
                     *           {
                     *             "agency": "JST",
                     *             "piName": "text",
                     *             "institution": "text"
                     *           }
                     *         ]
                     *       },
                     *       "reviewer": {
                     *         "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *         "userId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *         "name": "text",
                     *         "institution": "text"
                     *       },
                     *       "replacesId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "review": {
                     *         "scores": {
                     *           "excellence": 4,
                     *           "feasibility": 3
                     *         },
                     *         "total": 1,
                     *         "recommendation": "text",
                     *         "commentsToApplicants": "text",
                     *         "confidentialComments": "text",
                     *         "submittedAt": "2026-04-01T00:00:00.000Z"
                     *       },
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "state": "submitted",
                     *       "version": 3,
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {}
                     *     }
                     */
                    "application/json": components["schemas"]["Assignment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "assignments.sendEvent": {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag you read; 412 if the resource has changed since */
                "If-Match"?: string;
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "ACCEPT",
                 *       "declaresNoConflict": true
                 *     }
                 */
                "application/json": components["schemas"]["AssignmentEvent"];
            };
        };
        responses: {
            /** @description AssignmentAfterEvent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "agency": "JST",
                     *       "proposal": {
                     *         "title": "text",
                     *         "parties": [
                     *           {
                     *             "agency": "JST",
                     *             "piName": "text",
                     *             "institution": "text"
                     *           }
                     *         ]
                     *       },
                     *       "reviewer": {
                     *         "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *         "userId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *         "name": "text",
                     *         "institution": "text"
                     *       },
                     *       "replacesId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "review": {
                     *         "scores": {
                     *           "excellence": 4,
                     *           "feasibility": 3
                     *         },
                     *         "total": 1,
                     *         "recommendation": "text",
                     *         "commentsToApplicants": "text",
                     *         "confidentialComments": "text",
                     *         "submittedAt": "2026-04-01T00:00:00.000Z"
                     *       },
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "state": "submitted",
                     *       "version": 3,
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {},
                     *       "transition": {
                     *         "seq": 1,
                     *         "event": "SUBMIT",
                     *         "from": "text",
                     *         "to": "text",
                     *         "occurredAt": "2026-04-01T00:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["AssignmentAfterEvent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "assignments.history": {
        parameters: {
            query?: {
                /** @description Recompute the hash chain of the transition log and say whether it holds */
                verify?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description History */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "seq": 1,
                     *           "event": "SUBMIT",
                     *           "payload": {},
                     *           "from": "text",
                     *           "to": "text",
                     *           "actor": {
                     *             "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "name": "text"
                     *           },
                     *           "at": "2026-04-01T00:00:00.000Z",
                     *           "hash": "text"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["History"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "callReview.propose": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /** @example {} */
                "application/json": components["schemas"]["AgencyQuery"];
            };
        };
        responses: {
            /** @description ProposedAssignment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "agency": "JST",
                     *       "minimum": 1,
                     *       "plan": {
                     *         "pairs": [
                     *           {
                     *             "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "reviewerId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "matchedKeywords": 1
                     *           }
                     *         ],
                     *         "shortfalls": [
                     *           {}
                     *         ],
                     *         "loads": [
                     *           {
                     *             "reviewerId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "load": 1
                     *           }
                     *         ]
                     *       },
                     *       "fingerprint": "text"
                     *     }
                     */
                    "application/json": components["schemas"]["ProposedAssignment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "callReview.bulk": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /** @example {} */
                "application/json": components["schemas"]["BulkAssignDto"];
            };
        };
        responses: {
            /** @description BulkAssigned */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "agency": "JST",
                     *       "created": 1,
                     *       "assignmentIds": [
                     *         "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["BulkAssigned"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "callReview.ranking": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ranking */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "items": [
                     *         {
                     *           "position": 1,
                     *           "computedPosition": 1,
                     *           "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "title": "text",
                     *           "consensusScore": 1,
                     *           "recommendation": "text",
                     *           "agencyRanks": {},
                     *           "moves": [
                     *             {}
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Ranking"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "callReview.jointRanking": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JointRanking */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "state": "selection",
                     *       "secretariat": {
                     *         "agency": "JST",
                     *         "appointees": [
                     *           {
                     *             "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "name": "JST Program Officer"
                     *           }
                     *         ]
                     *       },
                     *       "rules": [
                     *         {
                     *           "rule": "mean-normalised-borda",
                     *           "description": "text",
                     *           "default": true
                     *         }
                     *       ],
                     *       "toRank": [
                     *         {
                     *           "agency": "text",
                     *           "proposals": [
                     *             {
                     *               "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *               "title": "text"
                     *             }
                     *           ],
                     *           "submitted": true
                     *         }
                     *       ],
                     *       "agencyRankings": [
                     *         {
                     *           "agency": "text",
                     *           "submittedBy": "text",
                     *           "submittedAt": "text",
                     *           "items": [
                     *             {
                     *               "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *               "title": "text",
                     *               "position": 1
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "compilation": {
                     *         "rule": "mean-normalised-borda",
                     *         "ruleDescription": "text",
                     *         "tieOrder": [
                     *           "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f"
                     *         ],
                     *         "note": "text",
                     *         "compiledBy": "text",
                     *         "compiledAt": "text"
                     *       },
                     *       "items": [
                     *         {
                     *           "position": 1,
                     *           "computedPosition": 1,
                     *           "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "title": "text",
                     *           "merit": 1,
                     *           "agencyRanks": {}
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["JointRanking"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "callReview.selection": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ProposedSelection */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "items": [
                     *         {
                     *           "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "position": 1,
                     *           "decision": "select",
                     *           "requests": {},
                     *           "blockedBy": [
                     *             "text"
                     *           ]
                     *         }
                     *       ],
                     *       "budgets": [
                     *         {
                     *           "agency": "JST",
                     *           "envelope": 1,
                     *           "used": 1,
                     *           "remaining": 1
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ProposedSelection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "callReview.exportAssignments": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV (RFC 4180), UTF-8 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example assignment,proposal,agency,reviewer,state */
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "callReview.exportReviews": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV (RFC 4180), UTF-8 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example proposal,agency,label,total,recommendation */
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "callReview.exportRanking": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV (RFC 4180), UTF-8 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example position,proposal,title,consensus_score */
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "callReview.exportSelection": {
        parameters: {
            query?: {
                agency?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV (RFC 4180), UTF-8 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example position,proposal,decision */
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "callReview.exportBoard": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV (RFC 4180), UTF-8 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example proposal,decision,reason,deferred_to */
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "proposalReview.reviews": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ProposalReviews */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "items": [
                     *         {
                     *           "commentsToApplicants": "text",
                     *           "label": "Reviewer 1",
                     *           "agency": "JST"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ProposalReviews"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "proposalReview.panel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Panel */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "panelOn": true,
                     *       "assessments": [
                     *         {
                     *           "agency": "JST",
                     *           "score": 1,
                     *           "recommendation": "text",
                     *           "summary": "text",
                     *           "recordedBy": "text",
                     *           "recordedAt": "2026-04-01T00:00:00.000Z"
                     *         }
                     *       ],
                     *       "reviewsCompleted": [
                     *         "JST"
                     *       ],
                     *       "consensus": {},
                     *       "signOffs": [
                     *         {}
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Panel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "researchUnits.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ResearchUnitList */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "name": "IRCC unit for exoplanet astronomy",
                     *           "lead": "NINS",
                     *           "head": {
                     *             "name": "Hanako Sato",
                     *             "department": "National Astronomical Observatory of Japan"
                     *           },
                     *           "partner": {
                     *             "agency": "MPG",
                     *             "institute": "Max Planck Institute for Astronomy",
                     *             "country": "DE"
                     *           },
                     *           "agreement": {
                     *             "title": "Memorandum on research collaboration, NINS-MPIA",
                     *             "signedOn": "2027-04-01"
                     *           },
                     *           "overseasBranch": "NINS Europe office, Heidelberg",
                     *           "state": "established",
                     *           "createdAt": "2026-04-01T00:00:00.000Z"
                     *         }
                     *       ],
                     *       "total": 1
                     *     }
                     */
                    "application/json": components["schemas"]["ResearchUnitList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "researchUnits.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "IRCC unit for exoplanet astronomy",
                 *       "partnerAgency": "MPG",
                 *       "partnerInstitute": "Max Planck Institute for Astronomy",
                 *       "partnerCountry": "DE",
                 *       "headName": "Hanako Sato",
                 *       "headDepartment": "National Astronomical Observatory of Japan",
                 *       "agreement": "Memorandum on research collaboration, NINS-MPIA, 2027"
                 *     }
                 */
                "application/json": components["schemas"]["CreateResearchUnitDto"];
            };
        };
        responses: {
            /** @description ResearchUnit */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "name": "IRCC unit for exoplanet astronomy",
                     *       "lead": "NINS",
                     *       "head": {
                     *         "name": "Hanako Sato",
                     *         "department": "National Astronomical Observatory of Japan"
                     *       },
                     *       "partner": {
                     *         "agency": "MPG",
                     *         "institute": "Max Planck Institute for Astronomy",
                     *         "country": "DE"
                     *       },
                     *       "agreement": {
                     *         "title": "Memorandum on research collaboration, NINS-MPIA",
                     *         "signedOn": "2027-04-01"
                     *       },
                     *       "overseasBranch": "NINS Europe office, Heidelberg",
                     *       "state": "submitted",
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "version": 3,
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {},
                     *       "fellowCalls": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "title": "text",
                     *           "state": "open",
                     *           "opensAt": "2026-04-01T00:00:00.000Z",
                     *           "submissionDeadline": "2026-04-01T00:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ResearchUnit"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "researchUnits.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ResearchUnit */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "name": "IRCC unit for exoplanet astronomy",
                     *       "lead": "NINS",
                     *       "head": {
                     *         "name": "Hanako Sato",
                     *         "department": "National Astronomical Observatory of Japan"
                     *       },
                     *       "partner": {
                     *         "agency": "MPG",
                     *         "institute": "Max Planck Institute for Astronomy",
                     *         "country": "DE"
                     *       },
                     *       "agreement": {
                     *         "title": "Memorandum on research collaboration, NINS-MPIA",
                     *         "signedOn": "2027-04-01"
                     *       },
                     *       "overseasBranch": "NINS Europe office, Heidelberg",
                     *       "state": "submitted",
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "version": 3,
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {},
                     *       "fellowCalls": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "title": "text",
                     *           "state": "open",
                     *           "opensAt": "2026-04-01T00:00:00.000Z",
                     *           "submissionDeadline": "2026-04-01T00:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ResearchUnit"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "researchUnits.raiseFellowCall": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "opensAt": "2027-05-01T00:00:00Z",
                 *       "submissionDeadline": "2027-06-30T08:00:00Z"
                 *     }
                 */
                "application/json": components["schemas"]["RaiseFellowCallDto"];
            };
        };
        responses: {
            /** @description FellowCallRaised */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "researchUnitId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f"
                     *     }
                     */
                    "application/json": components["schemas"]["FellowCallRaised"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "researchUnits.sendEvent": {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag you read; 412 if the resource has changed since */
                "If-Match"?: string;
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "SUBMIT_TO_STEERING_COMMITTEE"
                 *     }
                 */
                "application/json": components["schemas"]["ResearchUnitEvent"];
            };
        };
        responses: {
            /** @description ResearchUnitAfterEvent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "name": "IRCC unit for exoplanet astronomy",
                     *       "lead": "NINS",
                     *       "head": {
                     *         "name": "Hanako Sato",
                     *         "department": "National Astronomical Observatory of Japan"
                     *       },
                     *       "partner": {
                     *         "agency": "MPG",
                     *         "institute": "Max Planck Institute for Astronomy",
                     *         "country": "DE"
                     *       },
                     *       "agreement": {
                     *         "title": "Memorandum on research collaboration, NINS-MPIA",
                     *         "signedOn": "2027-04-01"
                     *       },
                     *       "overseasBranch": "NINS Europe office, Heidelberg",
                     *       "state": "submitted",
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "workflow": "sicorp-joint-proposal@1",
                     *       "version": 3,
                     *       "allowedEvents": [
                     *         "START_ELIGIBILITY_CHECK"
                     *       ],
                     *       "progress": {},
                     *       "fellowCalls": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "title": "text",
                     *           "state": "open",
                     *           "opensAt": "2026-04-01T00:00:00.000Z",
                     *           "submissionDeadline": "2026-04-01T00:00:00.000Z"
                     *         }
                     *       ],
                     *       "transition": {
                     *         "seq": 1,
                     *         "event": "SUBMIT",
                     *         "from": "text",
                     *         "to": "text",
                     *         "occurredAt": "2026-04-01T00:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ResearchUnitAfterEvent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "researchUnits.history": {
        parameters: {
            query?: {
                /** @description Recompute the hash chain of the transition log and say whether it holds */
                verify?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description History */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "seq": 1,
                     *           "event": "SUBMIT",
                     *           "payload": {},
                     *           "from": "text",
                     *           "to": "text",
                     *           "actor": {
                     *             "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *             "name": "text"
                     *           },
                     *           "at": "2026-04-01T00:00:00.000Z",
                     *           "hash": "text"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["History"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "duplicateFunding.check": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description DuplicateFundingCheck */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "period": {
                     *         "startsOn": "2027-04-01",
                     *         "endsOn": "2027-04-01",
                     *         "durationMonths": 1
                     *       },
                     *       "maxEffortPercent": 100,
                     *       "flags": {
                     *         "overlapping": 1,
                     *         "overEffort": 1,
                     *         "unidentified": 1
                     *       },
                     *       "flagged": true,
                     *       "researchers": [
                     *         {
                     *           "name": "text",
                     *           "agency": "JST",
                     *           "role": "pi",
                     *           "orcid": "text",
                     *           "researcherNumber": "text",
                     *           "identified": true,
                     *           "effortPercent": 40,
                     *           "totalEffortPercent": 1,
                     *           "overEffort": true,
                     *           "overlaps": [
                     *             {
                     *               "visible": true,
                     *               "proposalId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *               "title": "text",
                     *               "call": {
                     *                 "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *                 "title": "text"
                     *               },
                     *               "agencies": [
                     *                 "JST"
                     *               ],
                     *               "state": "submitted",
                     *               "status": "funded",
                     *               "startsOn": "2027-04-01",
                     *               "endsOn": "2027-04-01",
                     *               "effortPercent": 40
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "twins": [
                     *         {
                     *           "agency": "JST",
                     *           "system": "e-Rad",
                     *           "reference": "JP-2026-00123",
                     *           "title": "text",
                     *           "principalInvestigators": [
                     *             "text"
                     *           ],
                     *           "budget": 1,
                     *           "startsOn": "2027-04-01",
                     *           "endsOn": "2027-04-01",
                     *           "recordedBy": "text",
                     *           "recordedAt": "2026-04-01T00:00:00.000Z",
                     *           "differences": [
                     *             {
                     *               "field": "title",
                     *               "tandem": "text",
                     *               "twin": "text"
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "rulings": [
                     *         {
                     *           "seq": 1,
                     *           "agency": "JST",
                     *           "ruling": "cleared",
                     *           "note": "text",
                     *           "by": "text",
                     *           "at": "2026-04-01T00:00:00.000Z"
                     *         }
                     *       ],
                     *       "ruling": {
                     *         "agency": "JST",
                     *         "ruling": "cleared"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["DuplicateFundingCheck"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "duplicateFunding.saveTwin": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                agency: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "system": "e-Rad",
                 *       "reference": "JP-2026-00123",
                 *       "title": "Early warning of landslides from dense seismic arrays",
                 *       "principalInvestigators": [
                 *         "Hanako Sato"
                 *       ],
                 *       "budget": 60000000,
                 *       "startsOn": "2027-04-01",
                 *       "endsOn": "2030-03-31"
                 *     }
                 */
                "application/json": components["schemas"]["TwinProposalDto"];
            };
        };
        responses: {
            /** @description TwinProposal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "agency": "JST",
                     *       "system": "e-Rad",
                     *       "reference": "JP-2026-00123",
                     *       "title": "text",
                     *       "principalInvestigators": [
                     *         "text"
                     *       ],
                     *       "budget": 1,
                     *       "startsOn": "2027-04-01",
                     *       "endsOn": "2027-04-01",
                     *       "recordedBy": "text",
                     *       "recordedAt": "2026-04-01T00:00:00.000Z",
                     *       "differences": [
                     *         {
                     *           "field": "title",
                     *           "tandem": "text",
                     *           "twin": "text"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["TwinProposal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "duplicateFunding.rule": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "ruling": "cleared",
                 *       "note": "The overlapping project ends in March; effort reduced to 30% from April."
                 *     }
                 */
                "application/json": components["schemas"]["RulingDto"];
            };
        };
        responses: {
            /** @description DuplicateFundingRuling */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "seq": 1,
                     *       "agency": "JST",
                     *       "ruling": "cleared",
                     *       "note": "text",
                     *       "at": "2026-04-01T00:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["DuplicateFundingRuling"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "duplicateFunding.exportCall": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV (RFC 4180), UTF-8 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example proposal,title,researcher,agency,orcid,researcher_number,effort_percent,total_effort_percent,over_limit,overlap_status,overlap_proposal,overlap_title,overlap_starts_on,overlap_ends_on,overlap_effort_percent,ruling */
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "bulk.list": {
        parameters: {
            query?: {
                callId?: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description BulkBatchList */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "origin": "request",
                     *           "subjectType": "proposal",
                     *           "event": {
                     *             "type": "START_ELIGIBILITY_CHECK"
                     *           },
                     *           "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "selection": {},
                     *           "state": "queued",
                     *           "total": 1,
                     *           "counts": {
                     *             "pending": 0,
                     *             "done": 3,
                     *             "refused": 1,
                     *             "not-allowed": 0,
                     *             "not-found": 0,
                     *             "cancelled": 0
                     *           },
                     *           "createdAt": "2026-04-01T00:00:00.000Z",
                     *           "startedAt": "2026-04-01T00:00:00.000Z",
                     *           "finishedAt": "2026-04-01T00:00:00.000Z",
                     *           "cancelledAt": "2026-04-01T00:00:00.000Z",
                     *           "items": [
                     *             {
                     *               "position": 1,
                     *               "subjectId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *               "result": "done",
                     *               "code": null,
                     *               "reason": null,
                     *               "transition": {
                     *                 "seq": 1,
                     *                 "from": "text",
                     *                 "to": "text"
                     *               },
                     *               "finishedAt": "2026-04-01T00:00:00.000Z"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["BulkBatchList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "bulk.create": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "subjectType": "proposal",
                 *       "event": {
                 *         "type": "START_ELIGIBILITY_CHECK"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["CreateBulkBatchDto"];
            };
        };
        responses: {
            /** @description BulkBatch */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "origin": "request",
                     *       "subjectType": "proposal",
                     *       "event": {
                     *         "type": "START_ELIGIBILITY_CHECK"
                     *       },
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "selection": {},
                     *       "state": "queued",
                     *       "total": 1,
                     *       "counts": {
                     *         "pending": 0,
                     *         "done": 3,
                     *         "refused": 1,
                     *         "not-allowed": 0,
                     *         "not-found": 0,
                     *         "cancelled": 0
                     *       },
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "startedAt": "2026-04-01T00:00:00.000Z",
                     *       "finishedAt": "2026-04-01T00:00:00.000Z",
                     *       "cancelledAt": "2026-04-01T00:00:00.000Z",
                     *       "items": [
                     *         {
                     *           "position": 1,
                     *           "subjectId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "result": "done",
                     *           "code": null,
                     *           "reason": null,
                     *           "transition": {
                     *             "seq": 1,
                     *             "from": "text",
                     *             "to": "text"
                     *           },
                     *           "finishedAt": "2026-04-01T00:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["BulkBatch"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "bulk.read": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description BulkBatch */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "origin": "request",
                     *       "subjectType": "proposal",
                     *       "event": {
                     *         "type": "START_ELIGIBILITY_CHECK"
                     *       },
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "selection": {},
                     *       "state": "queued",
                     *       "total": 1,
                     *       "counts": {
                     *         "pending": 0,
                     *         "done": 3,
                     *         "refused": 1,
                     *         "not-allowed": 0,
                     *         "not-found": 0,
                     *         "cancelled": 0
                     *       },
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "startedAt": "2026-04-01T00:00:00.000Z",
                     *       "finishedAt": "2026-04-01T00:00:00.000Z",
                     *       "cancelledAt": "2026-04-01T00:00:00.000Z",
                     *       "items": [
                     *         {
                     *           "position": 1,
                     *           "subjectId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "result": "done",
                     *           "code": null,
                     *           "reason": null,
                     *           "transition": {
                     *             "seq": 1,
                     *             "from": "text",
                     *             "to": "text"
                     *           },
                     *           "finishedAt": "2026-04-01T00:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["BulkBatch"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "bulk.report": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV (RFC 4180), UTF-8 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example position,subject_type,subject_id,event,result,reason,from,to,transition,finished_at */
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
    "bulk.cancel": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body answers what the first request answered and changes nothing */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description BulkBatch */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "origin": "request",
                     *       "subjectType": "proposal",
                     *       "event": {
                     *         "type": "START_ELIGIBILITY_CHECK"
                     *       },
                     *       "callId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *       "selection": {},
                     *       "state": "queued",
                     *       "total": 1,
                     *       "counts": {
                     *         "pending": 0,
                     *         "done": 3,
                     *         "refused": 1,
                     *         "not-allowed": 0,
                     *         "not-found": 0,
                     *         "cancelled": 0
                     *       },
                     *       "createdAt": "2026-04-01T00:00:00.000Z",
                     *       "startedAt": "2026-04-01T00:00:00.000Z",
                     *       "finishedAt": "2026-04-01T00:00:00.000Z",
                     *       "cancelledAt": "2026-04-01T00:00:00.000Z",
                     *       "items": [
                     *         {
                     *           "position": 1,
                     *           "subjectId": "0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f",
                     *           "result": "done",
                     *           "code": null,
                     *           "reason": null,
                     *           "transition": {
                     *             "seq": 1,
                     *             "from": "text",
                     *             "to": "text"
                     *           },
                     *           "finishedAt": "2026-04-01T00:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["BulkBatch"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["RuleViolated"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["Internal"];
        };
    };
}
