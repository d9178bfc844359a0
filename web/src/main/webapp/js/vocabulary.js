/*
 * The codes of the server the console shows and sends: roles, channels, issues, purposes, outcomes, rule file types.
 */
export const CHANNEL_NAMES = { web: 'Web', app: 'App', email: 'E-mail', sms: 'SMS', 'call-centre': 'Call centre' };
export const ISSUE_ORDER = ['sales', 'service', 'retention', 'resilience', 'nurture'];
export const PURPOSES = ['service', 'marketing', 'profiling'];
export const USER_ROLES = ['channel', 'business', 'scientist', 'compliance', 'approver', 'admin'];
export const OUTCOMES = [
  { code: 'accepted', label: 'Accepted' },
  { code: 'clicked', label: 'Clicked' },
  { code: 'rejected', label: 'Rejected' },
  { code: 'ignored', label: 'Ignored' },
];

export const ACCEPTED_TYPES = ['.drl', '.xlsx', '.xls', '.csv', '.scenarios'];
export const ISSUE_CODES = ['sales', 'service', 'retention', 'resilience', 'nurture'];
export const ATTRIBUTE_KINDS = ['string', 'number', 'boolean'];
