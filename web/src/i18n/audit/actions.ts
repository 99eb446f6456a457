import { locale } from '../index'

/** Names of the audit log's action codes; an unknown code is shown as it is. */
const ACTIONS: Record<string, [zh: string, en: string]> = {
  'auth.login': ['登录', 'Sign-in'],
  'auth.login_failed': ['登录失败', 'Failed sign-in'],
  'auth.login_locked': ['锁定期间尝试登录', 'Sign-in while locked'],
  'auth.lockout': ['账号被锁定', 'Account locked'],
  'auth.logout': ['退出登录', 'Sign-out'],
  'auth.password_change': ['修改密码', 'Password change'],
  'auth.password_change_failed': ['修改密码时原密码错误', 'Wrong old password'],
  'auth.throttled': ['登录尝试过于频繁', 'Sign-in attempts throttled'],
  'auth.second_factor_setup': ['开始设置两步验证', 'Two-step set-up started'],
  'auth.second_factor_enrolled': ['开启两步验证', 'Two-step verification on'],
  'auth.second_factor_failed': ['两步验证码错误', 'Wrong two-step code'],
  'auth.second_factor_removed': ['关闭两步验证', 'Two-step verification off'],
  'auth.recovery_code_used': ['使用恢复码登录', 'Recovery code used'],
  'auth.recovery_codes_replaced': ['重新生成恢复码', 'Recovery codes replaced'],
  'account.create': ['创建账号', 'Account created'],
  'account.activate': ['启用账号', 'Account activated'],
  'account.deactivate': ['停用账号', 'Account deactivated'],
  'account.grants': ['设置角色', 'Roles set'],
  'account.password_reset': ['重置密码', 'Password reset'],
  'account.unlock': ['解锁账号', 'Account unlocked'],
  'account.roles_confirmed': ['确认角色', 'Roles confirmed'],
  'account.second_factor_reset': ['重置两步验证', 'Two-step verification reset'],
  'person.create': ['新增干部', 'Cadre added'],
  'person.update': ['修改干部信息', 'Cadre changed'],
  'person.reveal': ['查看完整号码', 'Numbers revealed'],
  'person.reveal_denied': ['查看完整号码被拒绝', 'Reveal refused'],
  'person.export': ['导出干部信息', 'Cadres exported'],
  'person.bulk_load': ['批量导入干部', 'Cadres imported'],
  'org.unit.create': ['新建单位', 'Unit created'],
  'org.unit.update': ['修改单位', 'Unit changed'],
  'org.unit.move': ['移动单位', 'Unit moved'],
  'org.unit.activate': ['启用单位', 'Unit activated'],
  'org.unit.deactivate': ['停用单位', 'Unit deactivated'],
  'audit.verify': ['校验审计链', 'Audit chain verified'],
  'standing.create': ['登记证书或中心组成员', 'Certificate or seat recorded'],
  'standing.revoke': ['撤销证书或中心组成员', 'Certificate or seat revoked'],
  'reserve_pool.create': ['新建后备干部库', 'Reserve pool created'],
  'reserve_pool.phase_add': ['新增培训阶段', 'Pool phase added'],
  'reserve_pool.phase_remove': ['删除培训阶段', 'Pool phase removed'],
  'reserve_pool.member_add': ['后备干部入库', 'Reserve added'],
  'reserve_pool.member_leave': ['后备干部出库', 'Reserve left the pool'],
  'reserve_pool.member_promote': ['后备干部提拔使用', 'Reserve promoted'],
}

export function actionLabel(code: string): string {
  const names = ACTIONS[code]
  if (!names) return ''
  return locale.value === 'en' ? names[1] : names[0]
}
