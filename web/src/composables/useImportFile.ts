import { ref, useTemplateRef } from 'vue'
import { t, type MessageKey } from '@/i18n'
import type FilePicker from '@/components/common/FilePicker.vue'

/** What an import dialog accepts: the file's name, its size, and what is said of another type. */
export interface ImportFileRules {
  name: RegExp
  maxBytes: number
  typeError: MessageKey
}

/** A roster or a list of units: Excel or CSV, up to 32 MB. */
export const SHEET_OR_CSV: ImportFileRules = {
  name: /\.(xlsx|csv)$/i,
  maxBytes: 32 * 1024 * 1024,
  typeError: 'importer.fileType',
}

/**
 * The file an import dialog sends, chosen with its FilePicker (the one with `ref="picker"`): a
 * file of another type or too large is refused, with why under the picker.
 */
export function useImportFile(rules: ImportFileRules = SHEET_OR_CSV) {
  const file = ref<File | null>(null)
  const fileError = ref('')
  const picker = useTemplateRef<InstanceType<typeof FilePicker>>('picker')

  /** Takes the file chosen (or none); returns it when it can be sent, else null. */
  function choose(chosen: File | null): File | null {
    fileError.value = ''
    if (chosen && !rules.name.test(chosen.name)) fileError.value = t(rules.typeError)
    else if (chosen && chosen.size > rules.maxBytes) fileError.value = t('importer.fileTooLarge')
    file.value = fileError.value ? null : chosen
    return file.value
  }

  /** Forgets the file, its problem and the picker's choice (the dialog opens afresh). */
  function clear() {
    file.value = null
    fileError.value = ''
    picker.value?.clear()
  }

  return { file, fileError, choose, clear }
}
