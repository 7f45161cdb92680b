/** A share as a percentage with one decimal: 0.6667 → "66.7%". */
export function percent(share: number): string {
    return `${Math.round(share * 1000) / 10}%`;
}
