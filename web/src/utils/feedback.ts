/** Messages to the user: success toasts and error notifications, always as plain text. */
import { ElMessage, ElMessageBox, ElNotification } from 'element-plus'
// Services imported by hand get no automatic style import: bring their CSS along here.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/notification/style/css'
import { ApiError } from '@/api/client'
import { t } from '@/i18n'

/** Session losses are handled by the redirect to the sign-in page; everything else is shown. */
function isSessionLoss(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.code === 'PASSWORD_CHANGE_REQUIRED')
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.text
  return t('errors.network')
}

export function notifyError(error: unknown): void {
  if (isSessionLoss(error)) return
  if (!(error instanceof ApiError)) console.error(error)
  ElNotification({
    type: 'error',
    title: t('errors.title'),
    message: errorText(error),
    duration: 6000,
    dangerouslyUseHTMLString: false,
  })
}

export function notifySuccess(message: string): void {
  ElMessage({ type: 'success', message, dangerouslyUseHTMLString: false })
}

export function notifyInfo(message: string): void {
  ElMessage({ type: 'info', message, dangerouslyUseHTMLString: false })
}

/** Asks before a consequential action; resolves to whether the user agreed. */
export async function confirmAction(message: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, t('org.confirmTitle'), {
      type: 'warning',
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      dangerouslyUseHTMLString: false,
    })
    return true
  } catch {
    return false
  }
}
