import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { ConsoleDocumentsController } from './console/documents.controller.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsHooks } from './documents.hooks.js';
import { DocumentsService } from './documents.service.js';
import { ProposalRecordsModule } from './proposal-records.module.js';
import { ConsoleUploadMiddleware, DocumentUploadInterceptor } from './upload-parser.js';

/**
 * Documents and revisions of proposals: the API (upload, list, download; revisions and their
 * diff), the console's upload, download and history pages, and the record of which revision
 * answered an information request (documents.hooks.ts). Storage is ProposalRecordsModule's, which
 * the proposals domain also uses (revisions of its edits, missing documents at submission).
 */
@Module({
  imports: [ConsoleModule, ProposalsModule, ProposalRecordsModule],
  controllers: [DocumentsController, ConsoleDocumentsController],
  providers: [DocumentsService, DocumentsHooks, DocumentUploadInterceptor, ConsoleUploadMiddleware],
})
export class DocumentsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(ConsoleUploadMiddleware)
      .forRoutes({ path: 'console/proposals/:id/documents', method: RequestMethod.POST });
  }
}
