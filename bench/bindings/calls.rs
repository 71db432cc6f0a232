//! Calls per second of ssrmeta::validate on one document, and of the same
//! C calls made directly (ssr_validate, ssr_report_valid, ssr_report_free)
//! in this process, alternating: calls FILE [REPS] prints "BINDING C".
use ssrmeta::ffi;
use std::ptr;
use std::time::Instant;

const CALLS: u32 = 200_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let data = std::fs::read(&args[1]).unwrap();
    let reps: u32 = args.get(2).map_or(5, |r| r.parse().unwrap());
    let (mut binding, mut direct) = (f64::MAX, f64::MAX);
    // Each repetition runs both, in alternating order.
    for step in 0..reps * 2 {
        let start = Instant::now();
        if (step + step / 2) % 2 == 0 {
            for _ in 0..CALLS {
                assert!(ssrmeta::validate(&data, None).unwrap().valid, "the document does not validate");
            }
            binding = binding.min(start.elapsed().as_secs_f64());
        } else {
            for _ in 0..CALLS {
                unsafe {
                    let mut report = ptr::null_mut();
                    let status = ffi::ssr_validate(data.as_ptr() as *const _, data.len(), 0, ptr::null(), &mut report);
                    assert!(status == ffi::SSR_OK && ffi::ssr_report_valid(report) != 0, "the document does not validate");
                    ffi::ssr_report_free(report);
                }
            }
            direct = direct.min(start.elapsed().as_secs_f64());
        }
    }
    println!("{:.0} {:.0}", f64::from(CALLS) / binding, f64::from(CALLS) / direct);
}
