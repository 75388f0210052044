//! The multithreaded web server that ends chapter 20 of "The Rust Programming Language",
//! the design weft starts from: a listener hands each connection to a pool of four workers
//! that share one job channel behind `Arc<Mutex<Receiver>>`. Each connection gets one
//! answer and is closed (the book has no keep-alive).
//!
//! Kept as in the book: the request line decides the answer, `GET / HTTP/1.1` or 404.
//! Changed for a benchmark: the port is the first argument, the body is a constant rather
//! than a file read per request, there is no `/sleep` route, and an I/O error drops the
//! connection instead of panicking (a panic would kill a worker mid-run).
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

type Job = Box<dyn FnOnce() + Send + 'static>;

struct ThreadPool {
    sender: Option<mpsc::Sender<Job>>,
    workers: Vec<thread::JoinHandle<()>>,
}

impl ThreadPool {
    fn new(size: usize) -> ThreadPool {
        assert!(size > 0);
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let workers = (0..size)
            .map(|_| {
                let receiver = Arc::clone(&receiver);
                // The lock guard is dropped at the end of the `let`, before the job runs.
                thread::spawn(move || loop {
                    let job = receiver.lock().unwrap().recv();
                    match job {
                        Ok(job) => job(),
                        Err(_) => break,
                    }
                })
            })
            .collect();
        ThreadPool { sender: Some(sender), workers }
    }

    fn execute(&self, f: impl FnOnce() + Send + 'static) {
        self.sender.as_ref().unwrap().send(Box::new(f)).unwrap();
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        drop(self.sender.take()); // closes the channel: every worker's recv fails and it ends
        for worker in self.workers.drain(..) {
            worker.join().unwrap();
        }
    }
}

fn handle_connection(mut stream: TcpStream) {
    let request_line = match BufReader::new(&stream).lines().next() {
        Some(Ok(line)) => line,
        _ => return,
    };
    let (status, body) = if request_line == "GET / HTTP/1.1" {
        ("HTTP/1.1 200 OK", "<h1>hello</h1>")
    } else {
        ("HTTP/1.1 404 NOT FOUND", "<h1>not found</h1>")
    };
    let response = format!("{status}\r\nContent-Length: {}\r\n\r\n{body}", body.len());
    let _ = stream.write_all(response.as_bytes());
}

fn main() {
    let port: u16 = std::env::args().nth(1).and_then(|p| p.parse().ok()).unwrap_or(7878);
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    let pool = ThreadPool::new(4);
    println!("rust-book on 127.0.0.1:{port}, 4 workers");
    for stream in listener.incoming().flatten() {
        pool.execute(move || handle_connection(stream));
    }
}
