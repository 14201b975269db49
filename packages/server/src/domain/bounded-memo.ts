/**
 * Remembers a pure function's answers for the most recently used string inputs, within a budget
 * of entries and of input characters, so a template used for thousands of leads is parsed once.
 */
export function boundedMemo<T>(
  fn: (input: string) => T,
  maxEntries = 500,
  maxChars = 10_000_000,
): (input: string) => T {
  const answers = new Map<string, T>();
  let chars = 0;
  return (input) => {
    const known = answers.get(input);
    if (known !== undefined || answers.has(input)) {
      // Map keeps insertion order: moving the entry to the end makes the first one the least recently used.
      answers.delete(input);
      answers.set(input, known as T);
      return known as T;
    }
    const answer = fn(input);
    if (input.length > maxChars) return answer;
    answers.set(input, answer);
    chars += input.length;
    for (const oldest of answers.keys()) {
      if (answers.size <= maxEntries && chars <= maxChars) break;
      answers.delete(oldest);
      chars -= oldest.length;
    }
    return answer;
  };
}
