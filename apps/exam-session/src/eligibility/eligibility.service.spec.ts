import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { FakeClock } from '@hoi-thi/testing/fake-clock';
import type { ContestantProfile } from './eligibility-rules';
import type { EligibilityRepository } from './eligibility.repository';
import { EligibilityService } from './eligibility.service';

function profile(over: Partial<ContestantProfile> = {}): ContestantProfile {
  return { disabled: false, present: new Set(['email', 'citizenId']), unitId: randomUUID(), unitInTree: true, ...over };
}

describe(EligibilityService.name, () => {
  const contestId = randomUUID();
  const contestant = randomUUID();
  const treeRoot = randomUUID();
  let clock: FakeClock;
  let mocks: { repo: Record<'contest' | 'profile', jest.Mock> };
  let sut: EligibilityService;

  beforeEach(() => {
    clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    mocks = {
      repo: {
        contest: jest.fn(async () => ({ requiredFields: ['email'], unitTreeRootId: null })),
        profile: jest.fn(async () => profile()),
      },
    };
    sut = new EligibilityService(mocks.repo as unknown as EligibilityRepository, clock);
  });

  it('admits anyone to a contest that asks nothing, without reading the profile', async () => {
    mocks.repo.contest.mockResolvedValue({ requiredFields: [], unitTreeRootId: null });
    await expect(sut.decide(contestId, contestant)).resolves.toEqual({ eligible: true });
    expect(mocks.repo.profile).not.toHaveBeenCalled();
  });

  it('treats an unknown contest as one that asks nothing', async () => {
    mocks.repo.contest.mockResolvedValue(null);
    await expect(sut.decide(contestId, contestant)).resolves.toEqual({ eligible: true });
    expect(mocks.repo.profile).not.toHaveBeenCalled();
  });

  it('ignores a required field this version cannot check, with a warning', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    mocks.repo.contest.mockResolvedValue({ requiredFields: ['shoeSize'], unitTreeRootId: null });
    await expect(sut.decide(contestId, contestant)).resolves.toEqual({ eligible: true });
    expect(mocks.repo.profile).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('shoeSize'));
    warn.mockRestore();
  });

  it('refuses a profile missing a required field, naming the field and its message', async () => {
    mocks.repo.profile.mockResolvedValue(profile({ present: new Set(['citizenId']) }));
    await expect(sut.decide(contestId, contestant)).resolves.toEqual({
      eligible: false,
      problems: [{ field: 'email', message: 'exam.profile-email-missing' }],
    });
    expect(mocks.repo.profile).toHaveBeenCalledWith(contestant, null);
  });

  it('reads the profile against the contest’s unit tree and refuses a unit outside it', async () => {
    mocks.repo.contest.mockResolvedValue({ requiredFields: [], unitTreeRootId: treeRoot });
    mocks.repo.profile.mockResolvedValue(profile({ unitInTree: false }));
    await expect(sut.decide(contestId, contestant)).resolves.toEqual({
      eligible: false,
      problems: [{ field: 'unitId', message: 'exam.unit-outside-contest' }],
    });
    expect(mocks.repo.profile).toHaveBeenCalledWith(contestant, treeRoot);
  });

  it('refuses a disabled account and a contestant with no profile', async () => {
    mocks.repo.profile.mockResolvedValueOnce(profile({ disabled: true }));
    await expect(sut.decide(contestId, contestant)).resolves.toEqual({ eligible: false, problems: [{ field: 'account', message: 'exam.account-disabled' }] });
    mocks.repo.profile.mockResolvedValueOnce(null);
    await expect(sut.decide(contestId, randomUUID())).resolves.toEqual({
      eligible: false,
      problems: [{ field: 'profile', message: 'exam.profile-not-found' }],
    });
  });

  it('shares one evaluation among concurrent decisions for one contestant', async () => {
    const [a, b] = await Promise.all([sut.decide(contestId, contestant), sut.decide(contestId, contestant)]);
    expect(a).toBe(b);
    expect(mocks.repo.profile).toHaveBeenCalledTimes(1);
    await sut.decide(contestId, contestant);
    expect(mocks.repo.profile).toHaveBeenCalledTimes(2); // a settled decision is not kept here: the gate keeps it
  });

  it('caches a contest’s rules for 30 s of the clock', async () => {
    await sut.rules(contestId);
    clock.advance(29_999);
    await sut.rules(contestId);
    expect(mocks.repo.contest).toHaveBeenCalledTimes(1);
    clock.advance(1);
    await sut.rules(contestId);
    expect(mocks.repo.contest).toHaveBeenCalledTimes(2);
  });

  it('does not cache a failed read of the rules', async () => {
    mocks.repo.contest.mockRejectedValueOnce(new Error('connection lost'));
    await expect(sut.rules(contestId)).rejects.toThrow('connection lost');
    await expect(sut.rules(contestId)).resolves.toEqual({ requiredFields: ['email'], unitTreeRootId: null });
    expect(mocks.repo.contest).toHaveBeenCalledTimes(2);
  });
});
