import { lazy, type ReactNode } from 'react';
import type { Role } from '@hoi-thi/contracts';
import { ContestList } from './contestant/ContestList';
import { ContestPage } from './contestant/ContestPage';
import { Exam } from './contestant/Exam';
import { Login } from './contestant/Login';
import { Register } from './contestant/Register';
import { Result } from './contestant/Result';
import { match } from './lib/router';

/**
 * Every screen of the web client, in one table: its path pattern, the roles it needs (one of them; an admin has
 * every role) and the console it belongs to. The contestant's screens are in the main bundle (the exam must open
 * fast on a phone); each console is one lazy chunk, so a contestant never downloads the organizer's or the judge's
 * screens.
 */
export interface RouteDef {
  pattern: string;
  /** One of these roles is needed; a caller without one sees "not allowed" and a login link. */
  roles?: readonly Role[];
  /** The console whose layout (tabs) wraps the screen. */
  area?: 'organizer' | 'judge';
  render: (params: Record<string, string>) => ReactNode;
}

// One chunk per console: each lazy screen below imports the console's module, which holds all its screens.
const organizer = () => import('./organizer/OrganizerApp');
const judge = () => import('./judge/JudgeApp');
const BanksPage = lazy(() => organizer().then((m) => ({ default: m.BanksPage })));
const BankPage = lazy(() => organizer().then((m) => ({ default: m.BankPage })));
const ContestsPage = lazy(() => organizer().then((m) => ({ default: m.ContestsPage })));
const ContestEditor = lazy(() => organizer().then((m) => ({ default: m.ContestEditor })));
const PosterPage = lazy(() => organizer().then((m) => ({ default: m.PosterPage })));
const StatsPage = lazy(() => organizer().then((m) => ({ default: m.StatsPage })));
export const OrganizerLayout = lazy(() => organizer().then((m) => ({ default: m.OrganizerLayout })));
const RoundPicker = lazy(() => judge().then((m) => ({ default: m.RoundPicker })));
const LiveBoard = lazy(() => judge().then((m) => ({ default: m.LiveBoard })));
const AttemptInspect = lazy(() => judge().then((m) => ({ default: m.AttemptInspect })));
const FinalizePage = lazy(() => judge().then((m) => ({ default: m.FinalizePage })));
export const JudgeLayout = lazy(() => judge().then((m) => ({ default: m.JudgeLayout })));
const Review = lazy(() => import('./contestant/Review'));
const Certificate = lazy(() => import('./contestant/Certificate'));
const Profile = lazy(() => import('./contestant/Profile'));

const ORGANIZER = ['organizer'] as const;
const JUDGE = ['judge', 'organizer'] as const;

export const ROUTES: readonly RouteDef[] = [
  { pattern: '/', render: () => <ContestList /> },
  // /contests/:id is the link the QR codes carry; /c/:id is a short alias.
  { pattern: '/contests/:contestId', render: (p) => <ContestPage contestId={p.contestId} /> },
  { pattern: '/c/:contestId', render: (p) => <ContestPage contestId={p.contestId} /> },
  { pattern: '/register', render: () => <Register /> },
  { pattern: '/login', render: () => <Login /> },
  { pattern: '/profile', render: () => <Profile /> },
  { pattern: '/exam/:attemptId', render: (p) => <Exam attemptId={p.attemptId} /> },
  { pattern: '/result/:attemptId', render: (p) => <Result attemptId={p.attemptId} /> },
  { pattern: '/review/:attemptId', render: (p) => <Review attemptId={p.attemptId} /> },
  { pattern: '/certificate/:attemptId', render: (p) => <Certificate attemptId={p.attemptId} /> },

  { pattern: '/organizer', roles: ORGANIZER, area: 'organizer', render: () => <BanksPage /> },
  { pattern: '/organizer/banks/:bankId', roles: ORGANIZER, area: 'organizer', render: (p) => <BankPage bankId={p.bankId} /> },
  { pattern: '/organizer/contests', roles: ORGANIZER, area: 'organizer', render: () => <ContestsPage /> },
  { pattern: '/organizer/contests/:contestId', roles: ORGANIZER, area: 'organizer', render: (p) => <ContestEditor contestId={p.contestId} /> },
  { pattern: '/organizer/contests/:contestId/poster', roles: ORGANIZER, area: 'organizer', render: (p) => <PosterPage contestId={p.contestId} /> },
  { pattern: '/organizer/rounds/:roundId/stats', roles: ORGANIZER, area: 'organizer', render: (p) => <StatsPage roundId={p.roundId} /> },

  { pattern: '/judge', roles: JUDGE, area: 'judge', render: () => <RoundPicker /> },
  { pattern: '/judge/rounds/:roundId', roles: JUDGE, area: 'judge', render: (p) => <LiveBoard roundId={p.roundId} /> },
  {
    pattern: '/judge/rounds/:roundId/attempts/:attemptId',
    roles: JUDGE,
    area: 'judge',
    render: (p) => <AttemptInspect roundId={p.roundId} attemptId={p.attemptId} />,
  },
  { pattern: '/judge/rounds/:roundId/finalize', roles: JUDGE, area: 'judge', render: (p) => <FinalizePage roundId={p.roundId} /> },
];

/** The screen of a path and its parameters; null: no such page (404). A trailing slash is the same page. */
export function resolveRoute(path: string, routes: readonly RouteDef[] = ROUTES): { route: RouteDef; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = match(route.pattern, path);
    if (params) return { route, params };
  }
  return null;
}
