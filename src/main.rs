fn main() {
    connectives_web::start();
}
