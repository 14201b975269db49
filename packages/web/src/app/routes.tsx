import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppShell } from './shell.tsx';
import { useSession } from './session.tsx';

// Every page is its own chunk: the first visit loads only the shell and the page it lands on.
const ListsPage = lazy(() => import('../pages/lists/lists.page.tsx'));
const ListLeadsPage = lazy(() => import('../pages/lists/list-leads.page.tsx'));
const ImportPage = lazy(() => import('../pages/lists/import.page.tsx'));
const LeadPage = lazy(() => import('../pages/lists/lead.page.tsx'));
const SendersPage = lazy(() => import('../pages/senders/senders.page.tsx'));
const SenderPage = lazy(() => import('../pages/senders/sender.page.tsx'));
const TemplatesPage = lazy(() => import('../pages/templates/templates.page.tsx'));
const TemplatePage = lazy(() => import('../pages/templates/template.page.tsx'));
const SequencesPage = lazy(() => import('../pages/sequences/sequences.page.tsx'));
const SequencePage = lazy(() => import('../pages/sequences/sequence.page.tsx'));
const InboxPage = lazy(() => import('../pages/inbox/inbox.page.tsx'));
const AnalyticsPage = lazy(() => import('../pages/analytics/analytics.page.tsx'));
const ActivityPage = lazy(() => import('../pages/activity/activity.page.tsx'));
const BlocklistPage = lazy(() => import('../pages/activity/blocklist.page.tsx'));
const WebhooksPage = lazy(() => import('../pages/activity/webhooks.page.tsx'));
const ApiKeysPage = lazy(() => import('../pages/settings/api-keys.page.tsx'));
const DevMailboxPage = lazy(() => import('../pages/dev-mailbox/dev-mailbox.page.tsx'));

/** The dashboard's pages inside the shell; pages a role cannot use are not routed. */
export function AppRoutes() {
  const { can } = useSession();
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<Navigate to="/sequences" replace />} />
        <Route path="lists" element={<Page page={<ListsPage />} />} />
        <Route path="lists/:id" element={<Page page={<ListLeadsPage />} />} />
        <Route path="lists/:id/import" element={<Page page={<ImportPage />} />} />
        <Route path="leads/:id" element={<Page page={<LeadPage />} />} />
        <Route path="senders" element={<Page page={<SendersPage />} />} />
        <Route path="senders/:id" element={<Page page={<SenderPage />} />} />
        <Route path="templates" element={<Page page={<TemplatesPage />} />} />
        <Route path="templates/:id" element={<Page page={<TemplatePage />} />} />
        <Route path="sequences" element={<Page page={<SequencesPage />} />} />
        <Route path="sequences/:id" element={<Page page={<SequencePage />} />} />
        <Route path="inbox" element={<Page page={<InboxPage />} />} />
        <Route path="analytics" element={<Page page={<AnalyticsPage />} />} />
        <Route path="activity" element={<Page page={<ActivityPage />} />} />
        <Route path="blocklist" element={<Page page={<BlocklistPage />} />} />
        <Route path="webhooks" element={<Page page={<WebhooksPage />} />} />
        {can('manage-keys') && <Route path="settings/api-keys" element={<Page page={<ApiKeysPage />} />} />}
        <Route path="dev-mailbox" element={<Page page={<DevMailboxPage />} />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function Page(props: { page: React.ReactNode }) {
  return <Suspense fallback={<p className="loading">Loading…</p>}>{props.page}</Suspense>;
}

function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>There is no page here, or your role cannot use it.</p>
    </>
  );
}
