import { onMounted, ref, type Ref } from 'vue'
import { session } from '@/stores/session'
import { errorText } from '@/utils/feedback'

/**
 * Something of the signed-in person's own (their compliance, their archive …), loaded once when
 * the card appears: nothing for an account without a person, the reason in words when it fails.
 */
export function useMyRecord<T>(load: (personId: number) => Promise<T>) {
  const data = ref(null) as Ref<T | null>
  const loading = ref(true)
  const problem = ref('')
  onMounted(async () => {
    const id = session.me?.person_id
    if (id == null) {
      loading.value = false
      return
    }
    try {
      data.value = await load(id)
    } catch (error) {
      problem.value = errorText(error)
    } finally {
      loading.value = false
    }
  })
  return { data, loading, problem }
}
