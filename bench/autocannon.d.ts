// The part of autocannon's API that bench/api-read.ts uses (the package ships no types; a
// @types package would be one more dependency for four fields).
declare module 'autocannon' {
  interface Request {
    method?: string
    path?: string
    headers?: Record<string, string>
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    timeout?: number
    headers?: Record<string, string>
    requests?: Array<Request & { setupRequest?: (request: Request, context: Record<string, unknown>) => Request }>
  }
  interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    p50: number
    p90: number
    p97_5: number
    p99: number
    p99_9?: number
    total: number
    sent?: number
  }
  interface Result {
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
    statusCodeStats: Record<string, { count: number }>
    latency: Histogram
    requests: Histogram
    throughput: Histogram
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
