import type { AssignableRole } from '../incident/roles.js';
import type { CommandName } from './intents.js';

/** Every word of the command language with its Chinese aliases (the runbook's own terms). */
export const COMMAND_ALIASES: Readonly<Record<CommandName, readonly string[]>> = {
  declare: ['declare', '宣布', '声明'],
  ic: ['ic', '指挥官'],
  page: ['page', '呼叫'],
  role: ['role', '角色'],
  roles: ['roles', '角色列表', '所有角色'],
  proxy: ['proxy', '代理'],
  sev: ['sev', 'severity', '严重级别', '级别'],
  status: ['status', '状态'],
  note: ['note', '笔记', '记录'],
  todo: ['todo', '待办', '跟进'],
  noise: ['noise', '噪音', '无效呼叫'],
  task: ['task', '任务'],
  update: ['update', '更新', '执行摘要'],
  public: ['public', '公告', '公开'],
  approve: ['approve', '批准'],
  subscribe: ['subscribe', '订阅'],
  ack: ['ack', 'acknowledge', '确认'],
  invite: ['invite', '邀请'],
  resolve: ['resolve', '解决', '结束'],
  reopen: ['reopen', '重新打开', '重开'],
  subteam: ['subteam', '子团队'],
  merge: ['merge', '合并'],
  help: ['help', '帮助'],
  maintenance: ['maintenance', '维护'],
  oncall: ['oncall', 'on-call', '值班'],
};

export const IC_SUBCOMMAND_ALIASES = {
  page: ['page', '呼叫'],
  take: ['take', '接管'],
  handover: ['handover', '移交', '交接'],
  responders: ['responders', '响应者', '值班'],
  who: ['who', '谁'],
  why: ['why', '为什么'],
} as const;

export const STATUS_SUBCOMMAND_ALIASES = {
  stalk: ['stalk', '跟踪', '监控'],
  unstalk: ['unstalk', '取消跟踪', '停止监控'],
} as const;

/** `!approve 2 anyway` (`!批准 2 仍然发布`): publish a draft that promises a time, which a plain `!approve` refuses. */
export const APPROVE_ANYWAY_ALIASES = ['anyway', '仍然发布', '照发'] as const;

/** `!ack all` (`!确认 全部`): every open page that reached you, in every incident — one answer in an alert storm. */
export const ACK_ALL_ALIASES = ['all', '全部', '所有'] as const;

/** `!oncall take <schedule> <duration>` (`!值班 接替 …`): be on call for a schedule from now on, for that long. */
export const ONCALL_TAKE_ALIASES = ['take', '接替', '代班', '顶班'] as const;

/** `!oncall end <schedule>` (`!值班 结束 …`): end the shift you took there early. */
export const ONCALL_END_ALIASES = ['end', '结束', '交还'] as const;

/** `!ic take force <reason>` */
export const FORCE_ALIASES = ['force', '强制'] as const;

/** `!role remove deputy`: the role is left vacant (`!role remove sme carol` for one of several experts). */
export const ROLE_REMOVE_ALIASES = ['remove', '撤销', '移除', '取消'] as const;

export const TASK_DONE_ALIASES = ['done', '完成'] as const;

/** `!maintenance end <id>`: end a maintenance window early. */
export const MAINTENANCE_END_ALIASES = ['end', '结束'] as const;

/** `!public title <text>` (`!公告 标题 …`): the incident's name on the status page. */
export const PUBLIC_TITLE_ALIASES = ['title', '标题'] as const;

/** `!declare private 1 …`: a private incident, whatever room it is declared in. */
export const PRIVATE_ALIASES = ['private', '私密'] as const;

export const SUBTEAM_CLOSE_ALIASES = ['close', '关闭'] as const;

/** `!resolve false-alarm`: the incident was no incident, yet it still gets a review. */
export const FALSE_ALARM_ALIASES = ['false-alarm', 'false alarm', 'falsealarm', '误报'] as const;

export const ROLE_ALIASES: Readonly<Record<AssignableRole, readonly string[]>> = {
  deputy: ['deputy', '副指挥官'],
  scribe: ['scribe', '记录员'],
  sme: ['sme', 'expert', '主题专家', '专家'],
  customer: ['customer', 'customer-liaison', '客户联络员'],
  internal: ['internal', 'internal-liaison', '内部联络员'],
};
